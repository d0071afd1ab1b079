-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "onnxSignature" TEXT;


-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "importPlan" JSONB;


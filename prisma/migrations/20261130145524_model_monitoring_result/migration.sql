-- AlterEnum
ALTER TYPE "ComputedResultKind" ADD VALUE 'MODEL_MONITORING';


-- AlterEnum
ALTER TYPE "ComputedResultKind" ADD VALUE 'PLAN_BASELINE';


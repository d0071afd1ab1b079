-- AlterTable
ALTER TABLE "ExperimentVariant" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'discount';


-- arms that already named a policy version are policy-version arms
UPDATE "ExperimentVariant" SET "kind" = 'policy-version' WHERE "policyVersionId" IS NOT NULL;

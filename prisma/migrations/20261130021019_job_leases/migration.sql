-- AlterTable
ALTER TABLE "TrainingJob" ADD COLUMN     "leaseToken" UUID;

-- Data: a job trained twice before leases existed may have registered an algorithm twice. Keep the first
-- version attached to its job; later duplicates stay (they may be served or cited) but are detached from it.
UPDATE "ModelVersion" m SET "trainingJobId" = NULL
WHERE m."trainingJobId" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "ModelVersion" o
  WHERE o."trainingJobId" = m."trainingJobId" AND o.algorithm = m.algorithm
    AND (o."createdAt", o.id) < (m."createdAt", m.id));

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_trainingJobId_algorithm_key" ON "ModelVersion"("trainingJobId", "algorithm");


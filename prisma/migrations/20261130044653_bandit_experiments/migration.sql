-- CreateEnum
CREATE TYPE "ExperimentType" AS ENUM ('AB', 'BANDIT');

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "bandit" JSONB,
ADD COLUMN     "nextReallocationAt" TIMESTAMP(3),
ADD COLUMN     "type" "ExperimentType" NOT NULL DEFAULT 'AB';

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "probability" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "BanditAllocation" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "weights" JSONB NOT NULL,
    "probabilityBest" JSONB,
    "expectedLoss" JSONB,
    "customers" INTEGER NOT NULL,
    "trigger" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BanditAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BanditAllocation_experimentId_createdAt_idx" ON "BanditAllocation"("experimentId", "createdAt");

-- CreateIndex
CREATE INDEX "BanditAllocation_organizationId_idx" ON "BanditAllocation"("organizationId");

-- CreateIndex
CREATE INDEX "Experiment_status_nextReallocationAt_idx" ON "Experiment"("status", "nextReallocationAt");

-- AddForeignKey
ALTER TABLE "BanditAllocation" ADD CONSTRAINT "BanditAllocation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BanditAllocation" ADD CONSTRAINT "BanditAllocation_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateEnum
CREATE TYPE "ComputedResultKind" AS ENUM ('RECOMMENDER_EVALUATION', 'BUDGET_LAMBDA');

-- CreateEnum
CREATE TYPE "ComputedResultStatus" AS ENUM ('STALE', 'COMPUTING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "ComputedResult" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "ComputedResultKind" NOT NULL,
    "key" TEXT NOT NULL DEFAULT '',
    "status" "ComputedResultStatus" NOT NULL DEFAULT 'STALE',
    "value" JSONB,
    "error" TEXT,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedAt" TIMESTAMP(3),
    "workerId" TEXT,
    "computedAt" TIMESTAMP(3),
    "durationMs" INTEGER,

    CONSTRAINT "ComputedResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ComputedResult_status_requestedAt_idx" ON "ComputedResult"("status", "requestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ComputedResult_organizationId_kind_key_key" ON "ComputedResult"("organizationId", "kind", "key");

-- AddForeignKey
ALTER TABLE "ComputedResult" ADD CONSTRAINT "ComputedResult_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateEnum
CREATE TYPE "ApiKeyMode" AS ENUM ('LIVE', 'TEST');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "mode" "ApiKeyMode" NOT NULL DEFAULT 'LIVE';

-- CreateTable
CREATE TABLE "SandboxDecision" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "apiKeyId" TEXT,
    "customerId" TEXT NOT NULL,
    "discountPct" DOUBLE PRECISION NOT NULL,
    "score" DOUBLE PRECISION,
    "policyVersionId" TEXT,
    "details" JSONB,
    "experimentId" TEXT,
    "variantId" TEXT,
    "arm" TEXT,
    "propensity" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SandboxDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SandboxDecision_organizationId_createdAt_idx" ON "SandboxDecision"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "SandboxDecision_organizationId_customerId_idx" ON "SandboxDecision"("organizationId", "customerId");

-- AddForeignKey
ALTER TABLE "SandboxDecision" ADD CONSTRAINT "SandboxDecision_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxDecision" ADD CONSTRAINT "SandboxDecision_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SandboxDecision" ADD CONSTRAINT "SandboxDecision_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;


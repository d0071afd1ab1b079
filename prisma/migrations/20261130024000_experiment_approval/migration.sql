-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "approvedById" TEXT,
ADD COLUMN     "campaignId" TEXT,
ADD COLUMN     "submittedAt" TIMESTAMP(3),
ADD COLUMN     "submittedById" TEXT;


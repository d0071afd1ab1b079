-- AlterTable
ALTER TABLE "PolicyVersion" ADD COLUMN     "baseline" TEXT NOT NULL DEFAULT 'previous',
ADD COLUMN     "holdoutPct" DOUBLE PRECISION NOT NULL DEFAULT 5,
ADD COLUMN     "replacesVersionId" TEXT;

-- AlterTable
ALTER TABLE "PolicyDecision" ADD COLUMN     "arm" TEXT;


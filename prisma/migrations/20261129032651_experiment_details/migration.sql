-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "description" TEXT,
ADD COLUMN     "marginPct" DOUBLE PRECISION NOT NULL DEFAULT 40;

-- AlterTable
ALTER TABLE "ExperimentVariant" ADD COLUMN     "discountPct" DOUBLE PRECISION;


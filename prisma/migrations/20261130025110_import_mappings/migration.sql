-- AlterEnum
ALTER TYPE "EventType" ADD VALUE 'RETURN';

-- DropIndex
DROP INDEX "Dataset_organizationId_kind_contentHash_key";

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "mapping" JSONB,
ADD COLUMN     "mappingHash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "problemSummary" JSONB,
ADD COLUMN     "rowsDuplicate" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rowsWarned" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "uploadPath" TEXT;

-- AlterTable
ALTER TABLE "DatasetRejection" ADD COLUMN     "raw" TEXT,
ADD COLUMN     "severity" TEXT NOT NULL DEFAULT 'error';

-- CreateTable
CREATE TABLE "ImportMapping" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DatasetKind" NOT NULL,
    "spec" JSONB NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImportMapping_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetLineHash" (
    "organizationId" TEXT NOT NULL,
    "kind" "DatasetKind" NOT NULL,
    "hash" BIGINT NOT NULL,
    "datasetId" TEXT NOT NULL,

    CONSTRAINT "DatasetLineHash_pkey" PRIMARY KEY ("organizationId","kind","hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "ImportMapping_organizationId_name_key" ON "ImportMapping"("organizationId", "name");

-- CreateIndex
CREATE INDEX "DatasetLineHash_datasetId_idx" ON "DatasetLineHash"("datasetId");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_organizationId_kind_contentHash_mappingHash_key" ON "Dataset"("organizationId", "kind", "contentHash", "mappingHash");

-- AddForeignKey
ALTER TABLE "ImportMapping" ADD CONSTRAINT "ImportMapping_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetLineHash" ADD CONSTRAINT "DatasetLineHash_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetLineHash" ADD CONSTRAINT "DatasetLineHash_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;


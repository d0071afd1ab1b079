-- CreateTable
CREATE TABLE "DatasetRejection" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "DatasetRejection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DatasetRejection_datasetId_line_idx" ON "DatasetRejection"("datasetId", "line");

-- CreateIndex
CREATE INDEX "DatasetRejection_organizationId_idx" ON "DatasetRejection"("organizationId");

-- AddForeignKey
ALTER TABLE "DatasetRejection" ADD CONSTRAINT "DatasetRejection_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetRejection" ADD CONSTRAINT "DatasetRejection_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;


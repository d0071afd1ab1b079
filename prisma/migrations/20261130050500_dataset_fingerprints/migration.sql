-- Fingerprints move from one row per kept line to one row per dataset (a sorted array): an import then writes
-- them with one row and one foreign-key check instead of a row, a primary-key entry and two foreign-key checks
-- per line. Existing fingerprints are carried over before the old table is dropped.

-- CreateTable
CREATE TABLE "DatasetFingerprint" (
    "datasetId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "DatasetKind" NOT NULL,
    "hashes" BIGINT[],

    CONSTRAINT "DatasetFingerprint_pkey" PRIMARY KEY ("datasetId")
);

-- CreateIndex
CREATE INDEX "DatasetFingerprint_organizationId_kind_idx" ON "DatasetFingerprint"("organizationId", "kind");

-- AddForeignKey
ALTER TABLE "DatasetFingerprint" ADD CONSTRAINT "DatasetFingerprint_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetFingerprint" ADD CONSTRAINT "DatasetFingerprint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Carry the existing fingerprints over
INSERT INTO "DatasetFingerprint" ("datasetId", "organizationId", "kind", "hashes")
SELECT "datasetId", "organizationId", "kind", array_agg("hash" ORDER BY "hash")
FROM "DatasetLineHash"
GROUP BY "datasetId", "organizationId", "kind";

-- DropTable (its foreign keys go with it)
DROP TABLE "DatasetLineHash";

-- "Event" becomes a table partitioned by calendar month (UTC) of "occurredAt" (issue 21; docs/operations.md,
-- "Partitioning Event"). A partitioned table's primary key must contain the partition key: (id, "occurredAt").
-- Monthly partitions are named "Event_YYYY_MM"; "Event_default" (DEFAULT) takes any row whose month has no partition
-- yet, so no insert ever fails. Existing rows are moved in this transaction; keys, indexes and the customer foreign
-- key are built after the rows are in (per partition, faster than maintaining them row by row).
-- Prisma's schema cannot say "partitioned": the drift test compares the partitioned parent with the schema's table
-- and ignores the partitions themselves (tests/schema-snapshot.ts).

-- 1. the plain table steps aside; its constraint and index names are freed
ALTER TABLE "Event" RENAME TO "Event_unpartitioned";
ALTER TABLE "Event_unpartitioned" DROP CONSTRAINT "Event_pkey";
ALTER TABLE "Event_unpartitioned" DROP CONSTRAINT "Event_organizationId_customerId_fkey";
DROP INDEX "Event_organizationId_customerId_occurredAt_idx";
DROP INDEX "Event_organizationId_occurredAt_idx";
DROP INDEX "Event_datasetId_idx";

-- 2. the partitioned table: the same columns; the id sequence moves over with its current value
CREATE TABLE "Event" (
    "id" BIGINT NOT NULL DEFAULT nextval('"Event_id_seq"'::regclass),
    "organizationId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "datasetId" TEXT,
    "type" "EventType" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "productId" TEXT,
    "category" TEXT,
    "price" DOUBLE PRECISION,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "sessionId" TEXT,
    "dwellSeconds" DOUBLE PRECISION,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
) PARTITION BY RANGE ("occurredAt");
ALTER TABLE "Event_unpartitioned" ALTER COLUMN "id" DROP DEFAULT;
ALTER SEQUENCE "Event_id_seq" OWNED BY "Event"."id";

-- 3. the DEFAULT partition, and one partition per month that has events, plus this month and the next two
CREATE TABLE "Event_default" PARTITION OF "Event" DEFAULT;
DO $$
DECLARE m timestamp;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', "occurredAt") FROM "Event_unpartitioned"
    UNION
    SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k) FROM generate_series(0, 2) AS k
    ORDER BY 1
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "Event" FOR VALUES FROM (%L) TO (%L)',
      'Event_' || to_char(m, 'YYYY_MM'), m, m + interval '1 month');
  END LOOP;
END $$;

-- 4. the rows move over, each routed to its month
INSERT INTO "Event" ("id", "organizationId", "customerId", "datasetId", "type", "occurredAt", "productId", "category",
    "price", "quantity", "sessionId", "dwellSeconds", "receivedAt")
SELECT "id", "organizationId", "customerId", "datasetId", "type", "occurredAt", "productId", "category",
    "price", "quantity", "sessionId", "dwellSeconds", "receivedAt"
FROM "Event_unpartitioned";
DROP TABLE "Event_unpartitioned";

-- 5. key, indexes and foreign key on the parent (each partition gets its own, current and future ones alike)
ALTER TABLE "Event" ADD CONSTRAINT "Event_pkey" PRIMARY KEY ("id", "occurredAt");
CREATE INDEX "Event_organizationId_customerId_occurredAt_idx" ON "Event"("organizationId", "customerId", "occurredAt");
CREATE INDEX "Event_organizationId_occurredAt_idx" ON "Event"("organizationId", "occurredAt");
CREATE INDEX "Event_datasetId_idx" ON "Event"("datasetId");
ALTER TABLE "Event" ADD CONSTRAINT "Event_organizationId_customerId_fkey" FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

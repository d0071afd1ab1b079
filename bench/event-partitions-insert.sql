-- Routing cost of the partitioned "Event" (issue 21 item 5): 300,000 rows moved with INSERT … SELECT (as an import moves
-- its staged rows) into a plain table shaped like "Event" before partitioning (same columns, primary key, three
-- indexes, customer foreign key) and into the partitioned "Event", alternated four times in one session so that both
-- see the same machine load; then ANALYZE of each and a one-month count. On a throw-away, migrated database only:
--   createdb op_part_bench && npx tsx -e "import('./lib/migrations/run-migrations').then(m => m.runMigrations('postgresql://…/op_part_bench'))"
--   nice psql -d op_part_bench -f bench/event-partitions-insert.sql
\set QUIET on
\pset footer off
INSERT INTO "Organization" (id, name, slug) VALUES ('o', 'o', 'o') ON CONFLICT DO NOTHING;
INSERT INTO "Customer" (id, "organizationId", "externalId") SELECT 'mc' || g, 'o', 'me' || g FROM generate_series(1, 5000) g ON CONFLICT DO NOTHING;
SELECT count(*) FROM "Customer";
DROP TABLE IF EXISTS stage, ev_plain;
CREATE TABLE stage AS SELECT 'o'::text AS org, 'mc' || (1 + g % 5000) AS cust,
  (ARRAY['VIEW','VIEW','SEARCH','PURCHASE'])[1 + g % 4]::"EventType" AS type,
  timestamp '2026-09-01' + (g * 26.0) * interval '1 second' AS at, 'P' || (g % 300) AS product, 'books'::text AS category,
  (g % 90)::float8 AS price, 1 AS quantity, 'S' || (g % 60000) AS session, (g % 300)::float8 AS dwell
  FROM generate_series(1, 300000) g;
ANALYZE stage;
SELECT min(at), max(at) FROM stage;
-- the table as it was before partitioning
CREATE TABLE ev_plain (LIKE "Event" INCLUDING DEFAULTS);
ALTER TABLE ev_plain ADD PRIMARY KEY (id);
CREATE INDEX ON ev_plain ("organizationId", "customerId", "occurredAt");
CREATE INDEX ON ev_plain ("organizationId", "occurredAt");
CREATE INDEX ON ev_plain ("datasetId");
ALTER TABLE ev_plain ADD FOREIGN KEY ("organizationId", "customerId") REFERENCES "Customer" ("organizationId", id);
CREATE TABLE IF NOT EXISTS "Event_2026_09" PARTITION OF "Event" FOR VALUES FROM ('2026-09-01') TO ('2026-10-01');
CREATE TABLE IF NOT EXISTS "Event_2026_10" PARTITION OF "Event" FOR VALUES FROM ('2026-10-01') TO ('2026-11-01');
TRUNCATE "Event";
SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"Event"'::regclass ORDER BY 1;
\timing on
\echo round 1 plain
INSERT INTO ev_plain ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\echo round 1 partitioned
INSERT INTO "Event" ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\timing off
TRUNCATE ev_plain; TRUNCATE "Event";
\timing on
\echo round 2 partitioned
INSERT INTO "Event" ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\echo round 2 plain
INSERT INTO ev_plain ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\timing off
TRUNCATE ev_plain; TRUNCATE "Event";
\timing on
\echo round 3 plain
INSERT INTO ev_plain ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\echo round 3 partitioned
INSERT INTO "Event" ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\timing off
TRUNCATE ev_plain; TRUNCATE "Event";
\timing on
\echo round 4 partitioned
INSERT INTO "Event" ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\echo round 4 plain
INSERT INTO ev_plain ("organizationId","customerId",type,"occurredAt","productId",category,price,quantity,"sessionId","dwellSeconds") SELECT * FROM stage ORDER BY at;
\timing off
ANALYZE ev_plain; ANALYZE "Event";
\timing on
\echo ANALYZE plain
ANALYZE ev_plain;
\echo ANALYZE partitioned
ANALYZE "Event";
\echo ANALYZE plain
ANALYZE ev_plain;
\echo ANALYZE partitioned
ANALYZE "Event";
\echo one month, plain
SELECT count(*) FROM ev_plain WHERE "organizationId" = 'o' AND "occurredAt" >= '2026-10-01' AND "occurredAt" < '2026-11-01';
\echo one month, partitioned
SELECT count(*) FROM "Event" WHERE "organizationId" = 'o' AND "occurredAt" >= '2026-10-01' AND "occurredAt" < '2026-11-01';
\echo one month, plain
SELECT count(*) FROM ev_plain WHERE "organizationId" = 'o' AND "occurredAt" >= '2026-10-01' AND "occurredAt" < '2026-11-01';
\echo one month, partitioned
SELECT count(*) FROM "Event" WHERE "organizationId" = 'o' AND "occurredAt" >= '2026-10-01' AND "occurredAt" < '2026-11-01';

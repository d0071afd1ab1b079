-- Audit log: tamper-evident hash chain and no TRUNCATE (issue 12 item 14).
-- One chain per organisation: each row stores the hash of the organisation's previous row (prevHash) and
-- hash = SHA-256(prevHash || canonical content), content = 'offerpilot-audit-v1' then each field as
-- '<UTF-8 byte length>:<text>' ('-' for NULL): organizationId, chainSeq, id, actorUserId, actorApiKeyId, action,
-- entityType, entityId, diff (jsonb text), createdAt (epoch milliseconds). lib/audit/audit-chain.ts recomputes it.

-- AlterTable
ALTER TABLE "AuditLog" ADD COLUMN     "chainSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "hash" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "prevHash" TEXT NOT NULL DEFAULT '';

CREATE FUNCTION offerpilot_audit_field(v text) RETURNS text AS $$
  SELECT CASE WHEN v IS NULL THEN '-' ELSE octet_length(v)::text || ':' || v END;
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION offerpilot_audit_row_hash(r "AuditLog") RETURNS text AS $$
  SELECT encode(sha256(convert_to(
    r."prevHash" || 'offerpilot-audit-v1'
      || offerpilot_audit_field(r."organizationId")
      || offerpilot_audit_field(r."chainSeq"::text)
      || offerpilot_audit_field(r.id)
      || offerpilot_audit_field(r."actorUserId")
      || offerpilot_audit_field(r."actorApiKeyId")
      || offerpilot_audit_field(r.action)
      || offerpilot_audit_field(r."entityType")
      || offerpilot_audit_field(r."entityId")
      || offerpilot_audit_field(r.diff::text)
      || offerpilot_audit_field((extract(epoch FROM r."createdAt") * 1000)::bigint::text),
    'UTF8')), 'hex');
$$ LANGUAGE sql IMMUTABLE;

-- Existing rows: chained in (createdAt, id) order per organisation (the append-only trigger is off for this
-- transaction only: migrations run as the table owner).
ALTER TABLE "AuditLog" DISABLE TRIGGER "AuditLog_append_only";
DO $$
DECLARE
  r RECORD;
  prev text;
  org text;
BEGIN
  FOR r IN
    SELECT id, "organizationId",
      row_number() OVER (PARTITION BY "organizationId" ORDER BY "createdAt", id) AS seq
    FROM "AuditLog" ORDER BY "organizationId", "createdAt", id
  LOOP
    IF org IS DISTINCT FROM r."organizationId" THEN
      prev := repeat('0', 64);
      org := r."organizationId";
    END IF;
    UPDATE "AuditLog" SET "chainSeq" = r.seq, "prevHash" = prev WHERE id = r.id;
    UPDATE "AuditLog" a SET hash = offerpilot_audit_row_hash(a) WHERE id = r.id RETURNING hash INTO prev;
  END LOOP;
END $$;
ALTER TABLE "AuditLog" ENABLE TRIGGER "AuditLog_append_only";

-- CreateIndex
CREATE UNIQUE INDEX "AuditLog_organizationId_chainSeq_key" ON "AuditLog"("organizationId", "chainSeq");

-- Every insert is chained by the database, whoever inserts: a transaction-scoped advisory lock per organisation
-- serialises concurrent inserts (the second waits for the first to commit, then reads its row), so two
-- transactions never chain onto the same previous row. Values the client sent for these columns are ignored.
CREATE FUNCTION offerpilot_audit_log_chain() RETURNS trigger AS $$
DECLARE
  last RECORD;
BEGIN
  PERFORM pg_advisory_xact_lock(727002, hashtext(NEW."organizationId"));
  SELECT "chainSeq", hash INTO last FROM "AuditLog"
    WHERE "organizationId" = NEW."organizationId" ORDER BY "chainSeq" DESC LIMIT 1;
  NEW."chainSeq" := coalesce(last."chainSeq", 0) + 1;
  NEW."prevHash" := coalesce(last.hash, repeat('0', 64));
  NEW.hash := offerpilot_audit_row_hash(NEW);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_chain" BEFORE INSERT ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION offerpilot_audit_log_chain();

-- TRUNCATE bypasses row triggers: refuse it with a statement trigger (same message as UPDATE/DELETE).
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION offerpilot_audit_log_append_only();

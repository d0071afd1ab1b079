import 'server-only';
import type { PoolClient } from 'pg';
import type { CsvKind, ParsedRow } from '../data/csv-schema';
import { ensureEventMonths } from '../events/event-partitions';
import { type InsertScope, KIND_ENUM } from './bulk-insert';
import { CopySegments } from './copy-segments';
import { copyLine, STAGE_COLUMNS } from './copy-text';

/**
 * Rows of a customers or exposures import, and of an events import whose file creates customers (events of known
 * customers go straight into "Event": event-rows.ts), go through `COPY … FROM STDIN` (pg-copy-streams) into a
 * temporary staging table, then one set-based statement moves them into the real table: it writes the rows'
 * duplicate fingerprints into DatasetFingerprint and inserts only the rows whose fingerprint was new (the caller
 * holds the organisation's import lock, so this anti-join is a second check of what its in-memory fingerprints
 * decided). Everything runs on the caller's client inside the caller's transaction; the staging table is dropped
 * at commit (and never existed after a rollback).
 *
 * The COPY may be paused (ended) and resumed: the connection cannot run another statement while a COPY is open,
 * and the import's problem rows are written between COPY segments.
 */
const STAGE = 'op_import_stage';

export class StagedRows extends CopySegments {
  private created = false;
  private chunk = '';
  /** rows encoded into `chunk` */
  pending = 0;

  constructor(
    client: PoolClient,
    private readonly kind: CsvKind,
    private readonly piiSecret: string,
  ) {
    super(client, `COPY ${STAGE} FROM STDIN`);
  }

  /** Creates the staging table before the first COPY segment. */
  protected override async prepare(): Promise<void> {
    const cols = STAGE_COLUMNS[this.kind].map(([n, t]) => `${n} ${t}`).join(', ');
    await this.client.query(
      `CREATE TEMP TABLE ${STAGE} (line int4 NOT NULL, hash int8 NOT NULL, ${cols}) ON COMMIT DROP`,
    );
    this.created = true;
  }

  /** Encodes a kept row (copy-text.ts) into the pending chunk. */
  add(row: ParsedRow[CsvKind], line: number, hash: number): void {
    this.chunk += copyLine(this.kind, row, line, hash, this.piiSecret);
    this.pending++;
  }

  /** Writes the pending chunk to the COPY; waits when the socket is saturated (back-pressure). */
  async writePending(): Promise<void> {
    const text = this.chunk;
    this.chunk = '';
    this.pending = 0;
    await this.write(text);
  }

  /**
   * Moves the staged rows into the real table in one statement (see above). Resolves once that statement has been
   * sent, so the caller can compute meanwhile; `done` gives the rows kept (new fingerprints) — staged rows not kept
   * were stored meanwhile by a concurrent import of the same organisation.
   */
  async startMove(
    scope: InsertScope,
    opts: { createCustomers: boolean },
  ): Promise<{ done: Promise<{ staged: number; kept: number }> }> {
    await this.writePending();
    await this.pause();
    if (!this.created || this.copied === 0) return { done: Promise.resolve({ staged: 0, kept: 0 }) };
    const { orgId, datasetId } = scope;
    // events: every month of the file gets its partition of "Event" first, in short transactions of another connection
    // (lib/events/) — before this transaction writes customers, whose lock the partition's foreign key would wait for
    if (this.kind === 'events') await ensureEventMonths(await this.stagedMonths());
    // sorts (fingerprints for the primary key, lines for file order) stay in memory
    await this.client.query(`SET LOCAL work_mem = '256MB'`);
    if (this.kind !== 'customers' && opts.createCustomers) {
      await this.client.query(
        `INSERT INTO "Customer" (id, "organizationId", "datasetId", "externalId")
         SELECT gen_random_uuid()::text, $1, $2, s.ext FROM (SELECT DISTINCT ext FROM ${STAGE}) s
         WHERE NOT EXISTS (SELECT 1 FROM "Customer" c WHERE c."organizationId" = $1 AND c."externalId" = s.ext)
         ON CONFLICT ("organizationId", "externalId") DO NOTHING`,
        [orgId, datasetId],
      );
    }
    const staged = this.copied;
    const query = this.client.query<{ kept: number; written: number }>(
      `WITH seen AS MATERIALIZED (
         SELECT h FROM "DatasetFingerprint" f, unnest(f.hashes) AS h
         WHERE f."organizationId" = $1 AND f.kind = $3::"DatasetKind"
       ), fp AS (
         INSERT INTO "DatasetFingerprint" ("datasetId", "organizationId", kind, hashes)
         SELECT $2, $1, $3::"DatasetKind", array_agg(s.hash ORDER BY s.hash) FROM ${STAGE} s ${FRESH}
         HAVING count(*) > 0
         ON CONFLICT ("datasetId") DO UPDATE SET hashes = EXCLUDED.hashes
         RETURNING cardinality(hashes) AS n
       ), ins AS (${MOVE[this.kind]} RETURNING 1)
       SELECT coalesce((SELECT n FROM fp), 0)::int AS kept, (SELECT count(*) FROM ins)::int AS written`,
      [orgId, datasetId, KIND_ENUM[this.kind]],
    );
    const done = query.then((r) => {
      const { kept, written } = r.rows[0];
      if (this.kind !== 'customers' && written !== kept) {
        // only when a customer was deleted while its events were being imported
        throw new Error(`${kept - written} rows name a customer that no longer exists`);
      }
      return { staged, kept };
    });
    done.catch(() => undefined); // awaited by the caller after its own work
    return { done };
  }

  /** The months (UTC, `YYYY-MM`) of the staged events, converted as the move converts them. */
  private async stagedMonths(): Promise<string[]> {
    const r = await this.client.query<{ m: string }>(
      `SELECT DISTINCT to_char(date_trunc('month', at::timestamp), 'YYYY-MM') AS m FROM ${STAGE} WHERE at IS NOT NULL`,
    );
    return r.rows.map((x) => x.m);
  }
}

/** Staged rows whose fingerprint the organisation has not stored yet (`seen`, above). */
const FRESH = 'WHERE NOT EXISTS (SELECT 1 FROM seen WHERE seen.h = s.hash)';

/** The INSERT … SELECT of each kind, reading the staged rows with a new fingerprint; $1 org, $2 dataset. */
const MOVE: Record<CsvKind, string> = {
  // one customer per external id: the file's last row for it wins; a re-uploaded customer is updated
  customers: `INSERT INTO "Customer" (id, "organizationId", "datasetId", "externalId", "signupAt", country,
        "emailHash", "emailMasked", "phoneHash", "phoneMasked", "nameHash", "nameMasked", attributes)
     SELECT DISTINCT ON (s.ext) gen_random_uuid()::text, $1, $2, s.ext, s.signup, s.country, s.eh, s.em, s.ph, s.pm,
        s.nh, s.nm, s.attrs::jsonb
     FROM ${STAGE} s ${FRESH}
     ORDER BY s.ext, s.line DESC
     ON CONFLICT ("organizationId", "externalId") DO UPDATE SET
       "datasetId" = EXCLUDED."datasetId", "signupAt" = EXCLUDED."signupAt", country = EXCLUDED.country,
       "emailHash" = EXCLUDED."emailHash", "emailMasked" = EXCLUDED."emailMasked",
       "phoneHash" = EXCLUDED."phoneHash", "phoneMasked" = EXCLUDED."phoneMasked",
       "nameHash" = EXCLUDED."nameHash", "nameMasked" = EXCLUDED."nameMasked",
       attributes = CASE WHEN EXCLUDED.attributes IS NULL THEN "Customer".attributes
         ELSE coalesce("Customer".attributes, '{}'::jsonb) || EXCLUDED.attributes END`,
  events: `INSERT INTO "Event" ("organizationId", "datasetId", "customerId", type, "occurredAt", "productId", category,
        price, quantity, "sessionId", "dwellSeconds")
     SELECT $1, $2, c.id, s.type::"EventType", s.at, s.product, s.category, s.price, s.quantity, s.session, s.dwell
     FROM ${STAGE} s JOIN "Customer" c ON c."organizationId" = $1 AND c."externalId" = s.ext
     ${FRESH}
     ORDER BY s.line`,
  exposures: `INSERT INTO "OfferExposure" (id, "organizationId", "datasetId", "customerId", "offerId", arm,
        "discountPct", propensity, "shownAt", converted, revenue)
     SELECT gen_random_uuid()::text, $1, $2, c.id, s.offer, s.arm, s.discount, s.propensity, s.shown, s.converted,
        s.revenue
     FROM ${STAGE} s JOIN "Customer" c ON c."organizationId" = $1 AND c."externalId" = s.ext
     ${FRESH}
     ORDER BY s.line`,
};

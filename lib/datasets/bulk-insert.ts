import 'server-only';
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { CsvKind, ParsedRow } from '../data/csv-schema';
import type { StoredProblem } from './problem-log';

export type { StoredProblem } from './problem-log';

import { hashPii, maskEmail, maskName, maskPhone } from '../data/privacy';

/**
 * Multi-row inserts of validated rows: one `INSERT … SELECT FROM unnest($arrays)` statement per batch (one
 * round trip, typed arrays as parameters). Customers upsert on (organisation, external id), so re-uploading a
 * customer updates it instead of duplicating it. Personal data is stored as HMAC + mask only.
 */
export interface InsertScope {
  orgId: string;
  datasetId: string;
  piiSecret: string;
  /** external customer id -> internal id (events and exposures reference customers by internal id) */
  customerIds: Map<string, string>;
}

/**
 * Creates the customers of these external ids that are not known yet (option "create unknown customers from
 * this file"); they belong to the dataset, so deleting it removes them again.
 */
async function ensureCustomers(client: PoolClient, s: InsertScope, externalIds: string[]): Promise<void> {
  const missing = [...new Set(externalIds.filter((id) => !s.customerIds.has(id)))];
  if (missing.length === 0) return;
  const res = await client.query<{ id: string; externalId: string }>(
    `INSERT INTO "Customer" (id, "organizationId", "datasetId", "externalId")
     SELECT u.id, $1, $2, u.ext FROM unnest($3::text[], $4::text[]) AS u(id, ext)
     ON CONFLICT ("organizationId", "externalId") DO UPDATE SET "externalId" = EXCLUDED."externalId"
     RETURNING id, "externalId"`,
    [s.orgId, s.datasetId, missing.map(() => randomUUID()), missing],
  );
  for (const r of res.rows) s.customerIds.set(r.externalId, r.id);
}

export async function insertBatch(
  client: PoolClient,
  kind: CsvKind,
  scope: InsertScope,
  rows: ParsedRow[CsvKind][],
): Promise<void> {
  if (rows.length === 0) return;
  if (kind === 'customers') return insertCustomers(client, scope, rows as ParsedRow['customers'][]);
  if (kind === 'events') return insertEvents(client, scope, rows as ParsedRow['events'][]);
  return insertExposures(client, scope, rows as ParsedRow['exposures'][]);
}

async function insertCustomers(client: PoolClient, s: InsertScope, rows: ParsedRow['customers'][]) {
  const ids = rows.map((r) => s.customerIds.get(r.customerId) ?? randomUUID());
  const pii = (v: string | null, kind: 'email' | 'phone' | 'text') => (v ? hashPii(s.piiSecret, v, kind) : null);
  const res = await client.query<{ id: string; externalId: string }>(
    `INSERT INTO "Customer" (id, "organizationId", "datasetId", "externalId", "signupAt", country,
        "emailHash", "emailMasked", "phoneHash", "phoneMasked", "nameHash", "nameMasked", attributes)
     SELECT u.id, $1, $2, u.ext, u.signup, u.country, u.eh, u.em, u.ph, u.pm, u.nh, u.nm, u.attrs::jsonb
     FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
       AS u(id, ext, signup, country, eh, em, ph, pm, nh, nm, attrs)
     ON CONFLICT ("organizationId", "externalId") DO UPDATE SET
       "datasetId" = EXCLUDED."datasetId", "signupAt" = EXCLUDED."signupAt", country = EXCLUDED.country,
       "emailHash" = EXCLUDED."emailHash", "emailMasked" = EXCLUDED."emailMasked",
       "phoneHash" = EXCLUDED."phoneHash", "phoneMasked" = EXCLUDED."phoneMasked",
       "nameHash" = EXCLUDED."nameHash", "nameMasked" = EXCLUDED."nameMasked",
       attributes = CASE WHEN EXCLUDED.attributes IS NULL THEN "Customer".attributes
         ELSE coalesce("Customer".attributes, '{}'::jsonb) || EXCLUDED.attributes END
     RETURNING id, "externalId"`,
    [
      s.orgId,
      s.datasetId,
      ids,
      rows.map((r) => r.customerId),
      rows.map((r) => r.signupAt),
      rows.map((r) => r.country),
      rows.map((r) => pii(r.email, 'email')),
      rows.map((r) => (r.email ? maskEmail(r.email) : null)),
      rows.map((r) => pii(r.phone, 'phone')),
      rows.map((r) => (r.phone ? maskPhone(r.phone) : null)),
      rows.map((r) => pii(r.name, 'text')),
      rows.map((r) => (r.name ? maskName(r.name) : null)),
      rows.map((r) => (r.attributes && Object.keys(r.attributes).length ? JSON.stringify(r.attributes) : null)),
    ],
  );
  for (const r of res.rows) s.customerIds.set(r.externalId, r.id);
}

async function insertEvents(client: PoolClient, s: InsertScope, rows: ParsedRow['events'][]) {
  await ensureCustomers(
    client,
    s,
    rows.map((r) => r.customerId),
  );
  await client.query(
    `INSERT INTO "Event" ("organizationId", "datasetId", "customerId", type, "occurredAt", "productId", category, price, quantity, "sessionId", "dwellSeconds")
     SELECT $1, $2, u.c, u.t::"EventType", u.at, u.p, u.cat, u.price, u.q, u.sess, u.dwell
     FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::float8[], $9::int[], $10::text[], $11::float8[])
       AS u(c, t, at, p, cat, price, q, sess, dwell)`,
    [
      s.orgId,
      s.datasetId,
      rows.map((r) => s.customerIds.get(r.customerId)!),
      rows.map((r) => r.type.toUpperCase()),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.productId),
      rows.map((r) => r.category),
      rows.map((r) => r.price),
      rows.map((r) => r.quantity),
      rows.map((r) => r.sessionId),
      rows.map((r) => r.dwellSeconds),
    ],
  );
}

async function insertExposures(client: PoolClient, s: InsertScope, rows: ParsedRow['exposures'][]) {
  await ensureCustomers(
    client,
    s,
    rows.map((r) => r.customerId),
  );
  await client.query(
    `INSERT INTO "OfferExposure" (id, "organizationId", "datasetId", "customerId", "offerId", arm, "discountPct", propensity, "shownAt", converted, revenue)
     SELECT u.id, $1, $2, u.c, u.o, u.arm, u.d, u.p, u.at, u.conv, u.rev
     FROM unnest($3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::timestamptz[], $9::boolean[], $10::float8[], $11::text[])
       AS u(id, c, o, d, p, at, conv, rev, arm)`,
    [
      s.orgId,
      s.datasetId,
      rows.map(() => randomUUID()),
      rows.map((r) => s.customerIds.get(r.customerId)!),
      rows.map((r) => r.offerId),
      rows.map((r) => r.discountPct),
      rows.map((r) => r.propensity),
      rows.map((r) => r.shownAt),
      rows.map((r) => r.converted === 1),
      rows.map((r) => r.revenue),
      rows.map((r) => r.arm),
    ],
  );
}

/** Stores problems of the dataset: line, column, code, message, severity and the original row. */
export async function insertProblems(
  client: PoolClient,
  s: Pick<InsertScope, 'orgId' | 'datasetId'>,
  problems: StoredProblem[],
): Promise<void> {
  if (problems.length === 0) return;
  await client.query(
    `INSERT INTO "DatasetRejection" ("organizationId", "datasetId", line, "column", code, message, severity, raw)
     SELECT $1, $2, u.l, u.col, u.code, u.msg, u.sev, u.raw
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(l, col, code, msg, sev, raw)`,
    [
      s.orgId,
      s.datasetId,
      problems.map((e) => e.line),
      problems.map((e) => e.column),
      problems.map((e) => e.code),
      problems.map((e) => e.message),
      problems.map((e) => e.severity),
      problems.map((e) => e.raw),
    ],
  );
}

const KIND_ENUM = { customers: 'CUSTOMERS', events: 'EVENTS', exposures: 'EXPOSURES' } as const;

/** Remembers the hashes of kept rows, so a later file's exact duplicates are recognised. */
export async function insertLineHashes(
  client: PoolClient,
  s: Pick<InsertScope, 'orgId' | 'datasetId'>,
  kind: CsvKind,
  hashes: number[],
): Promise<void> {
  if (hashes.length === 0) return;
  await client.query(
    `INSERT INTO "DatasetLineHash" ("organizationId", kind, hash, "datasetId")
     SELECT $1, $2::"DatasetKind", u.h, $3 FROM unnest($4::bigint[]) AS u(h) ON CONFLICT DO NOTHING`,
    [s.orgId, KIND_ENUM[kind], s.datasetId, hashes],
  );
}

/** Hashes of the rows already kept by this organisation's files of one kind. */
export async function loadLineHashes(client: PoolClient, orgId: string, kind: CsvKind): Promise<Set<number>> {
  const r = await client.query<{ hash: string }>(
    `SELECT hash FROM "DatasetLineHash" WHERE "organizationId" = $1 AND kind = $2::"DatasetKind"`,
    [orgId, KIND_ENUM[kind]],
  );
  return new Set(r.rows.map((x) => Number(x.hash)));
}

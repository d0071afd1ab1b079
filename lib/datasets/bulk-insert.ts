import 'server-only';
import type { PoolClient } from 'pg';
import type { CsvKind } from '../data/csv-schema';
import type { StoredProblem } from './problem-log';

export type { StoredProblem } from './problem-log';

/**
 * What an import writes besides its rows (which go through COPY, staged-insert.ts): problem rows as one
 * `INSERT … SELECT FROM unnest($arrays)` per batch, and the organisation's duplicate fingerprints read back.
 */
export interface InsertScope {
  orgId: string;
  datasetId: string;
  piiSecret: string;
  /** external customer id -> internal id of the customers known when the import started (validation of events and exposures) */
  customerIds: Map<string, string>;
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

/** Hashes of the rows already kept by this organisation's files of one kind. */
export async function loadLineHashes(client: PoolClient, orgId: string, kind: CsvKind): Promise<Set<number>> {
  const r = await client.query<{ hash: string }>(
    `SELECT unnest(hashes) AS hash FROM "DatasetFingerprint" WHERE "organizationId" = $1 AND kind = $2::"DatasetKind"`,
    [orgId, KIND_ENUM[kind]],
  );
  return new Set(r.rows.map((x) => Number(x.hash)));
}

import 'server-only';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { CsvKind } from '../data/csv-schema';
import { FingerprintSet } from './fingerprint-set';
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

export const KIND_ENUM = { customers: 'CUSTOMERS', events: 'EVENTS', exposures: 'EXPOSURES' } as const;

/**
 * Imports of one organisation and kind take turns: the lock is taken before the organisation's fingerprints are
 * read and held until commit, so a concurrent import of the same organisation and kind waits here and then reads
 * ours — the fingerprints it holds in memory decide which of its rows are new (events are COPYed straight into
 * "Event", event-rows.ts). Returns those fingerprints (loadLineHashes).
 */
export async function lockImportsAndLoadHashes(
  client: PoolClient,
  orgId: string,
  kind: CsvKind,
): Promise<FingerprintSet> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1), $2)', [
    `offerpilot-import:${orgId}`,
    Object.keys(KIND_ENUM).indexOf(kind),
  ]);
  return loadLineHashes(client, orgId, kind);
}

/**
 * Hashes of the rows already kept by this organisation's files of one kind, streamed (COPY … TO STDOUT) straight
 * into a FingerprintSet: no row object or string per hash (3 M stored hashes read as rows took ~300 MiB).
 */
export async function loadLineHashes(client: PoolClient, orgId: string, kind: CsvKind): Promise<FingerprintSet> {
  const set = new FingerprintSet();
  const out = client.query(
    copyTo(
      `COPY (SELECT unnest(hashes) FROM "DatasetFingerprint" WHERE "organizationId" = ${client.escapeLiteral(orgId)}
       AND kind = '${KIND_ENUM[kind]}'::"DatasetKind") TO STDOUT`,
    ),
  );
  let value = 0;
  out.on('data', (chunk: Buffer) => {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === 10) {
        set.add(value);
        value = 0;
      } else value = value * 10 + (c - 48); // fingerprints are non-negative integers below 2^53
    }
  });
  await finished(out);
  return set;
}

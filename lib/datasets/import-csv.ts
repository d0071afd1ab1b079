import 'server-only';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { PoolClient } from 'pg';
import type { CleaningStep } from '../data/cleaning';
import { type ColumnMapping, type CsvKind, type ParsedRow, type RowError, validateRow } from '../data/csv-schema';
import { type InsertScope, insertBatch, insertRejections } from './bulk-insert';
import { naturalKeyHash } from './natural-key';
import { type DatasetProfile, ProfileBuilder } from './profile';

/**
 * Streams one CSV file through validation into the database: the file is read in chunks (never whole),
 * parsed by csv-parse, each row validated (lib/data/csv-schema), duplicates dropped by natural key, good rows
 * inserted in batches and rejected rows recorded with line, column and reason. Runs on the caller's client,
 * inside the caller's transaction, so a cancelled or failed import leaves nothing behind.
 */
export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
  }
}

export interface ImportProgress {
  fraction: number;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
}

export interface ImportOutcome extends ImportProgress {
  profile: DatasetProfile;
  cleaningSteps: CleaningStep[];
}

export async function importCsv(
  client: PoolClient,
  opts: {
    kind: CsvKind;
    filePath: string;
    totalBytes: number;
    mapping: ColumnMapping;
    scope: InsertScope;
    batchSize?: number;
    /** called after every batch; return true to cancel */
    onProgress?: (p: ImportProgress) => Promise<boolean>;
  },
): Promise<ImportOutcome> {
  const { kind, mapping, scope } = opts;
  const batchSize = opts.batchSize ?? 5000;
  const profile = new ProfileBuilder(kind);
  const seen = new Set<number>();
  let bytesRead = 0;
  let batch: ParsedRow[CsvKind][] = [];
  let rejected: RowError[] = [];
  const counts = { rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0 };

  const file = createReadStream(opts.filePath);
  file.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = file.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      info: true,
      skip_records_with_error: true,
      encoding: 'utf8',
    }),
  );
  parser.on('skip', (err: Error & { lines?: number }) => {
    counts.rowsTotal++;
    counts.rowsRejected++;
    rejected.push({
      line: err.lines ?? 0,
      column: '',
      code: 'wrong_column_count',
      message: `unreadable CSV record: ${err.message}`,
    });
  });

  // One batch is written while the next one is parsed and validated (the client queues its queries anyway).
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    await inFlight;
    const rows = batch,
      errors = rejected;
    batch = [];
    rejected = [];
    inFlight = insertBatch(client, kind, scope, rows).then(() => insertRejections(client, scope, errors));
    inFlight.catch(() => undefined); // awaited at the next flush; avoid an unhandled rejection meanwhile
    const cancel = await opts.onProgress?.({
      fraction: opts.totalBytes ? Math.min(1, bytesRead / opts.totalBytes) : 1,
      ...counts,
    });
    if (cancel) throw new ImportCancelled();
  };

  let first = true;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (first) {
      first = false; // the header row, resolved before the import started
      continue;
    }
    counts.rowsTotal++;
    const result = validateRow(kind, record, info.lines, mapping as ColumnMapping<typeof kind>, {
      knownCustomer: kind === 'customers' ? undefined : (id) => scope.customerIds.has(id),
    });
    if (!result.ok) {
      counts.rowsRejected++;
      rejected.push(...result.errors);
    } else {
      const key = naturalKeyHash(kind, result.value);
      if (seen.has(key)) {
        profile.addDuplicate();
      } else {
        seen.add(key);
        counts.rowsAccepted++;
        profile.add(result.value);
        batch.push(result.value);
      }
    }
    if (batch.length >= batchSize || rejected.length >= batchSize) await flush();
  }
  await flush();
  await inFlight;
  return { ...counts, fraction: 1, profile: profile.profile(), cleaningSteps: profile.cleaningSteps() };
}

import 'server-only';
import { createReadStream } from 'node:fs';
import { Parser } from 'csv-parse';
import type { PoolClient } from 'pg';
import type { CleaningStep } from '../data/cleaning';
import { csvLine } from '../data/csv-format';
import { type ColumnMapping, type CsvKind, type ParsedRow, validateRow } from '../data/csv-schema';
import { DUPLICATE_KEY_COLUMNS } from '../data/import-mapping';
import { type InsertScope, insertProblems, lockImportsAndLoadHashes, type StoredProblem } from './bulk-insert';
import { EventRows } from './event-rows';
import type { FingerprintSet } from './fingerprint-set';
import { lineHash, naturalKeyHash } from './natural-key';
import { ProblemLog } from './problem-log';
import { type DatasetProfile, ProfileBuilder } from './profile';
import { StagedRows } from './staged-insert';

/**
 * Streams one CSV file through validation into the database: the file is read in chunks (never whole),
 * parsed by csv-parse, each row validated (lib/data/csv-schema), exact duplicates dropped (whole line or natural
 * key, within the file and against earlier files: the organisation's import lock is taken and its fingerprints read
 * before the first row), good rows streamed by COPY — events of known customers straight into "Event"
 * (event-rows.ts), the rest into a staging table moved into the real table by one set-based statement at the end
 * (staged-insert.ts) — and problems recorded with the original row (capped; counts are kept for all). Runs on the caller's client, inside the caller's transaction,
 * so a cancelled or failed import leaves nothing behind. Stops early when the first rows are all rejected for the
 * same column: that is a wrong mapping, not bad data.
 */
export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
  }
}

/** The file cannot be imported as a whole (mapping evidently wrong, a record over the size cap). */
export class ImportRefused extends Error {}

export interface ImportProgress {
  fraction: number;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsDuplicate: number;
  rowsWarned: number;
}

export interface ImportOutcome extends ImportProgress {
  /** wall seconds of the phases: reading, validating and COPY; the set-based move (fingerprints); the profile */
  timings: { stageSecs: number; moveSecs: number; profileSecs: number };
  profile: DatasetProfile;
  cleaningSteps: CleaningStep[];
  problemSummary: ReturnType<ProblemLog['summary']>;
}

export interface ImportCsvOptions {
  kind: CsvKind;
  filePath: string;
  totalBytes: number;
  mapping: ColumnMapping;
  scope: InsertScope;
  /** unknown customers of events/exposures are created instead of rejected */
  createCustomers?: boolean;
  /** what makes a duplicate: the whole line (default) or the natural key */
  duplicates?: 'line' | 'key';
  /** called with the organisation's fingerprints of this kind, read under the import lock (for tests) */
  onKnownHashes?: (set: FingerprintSet) => void;
  batchSize?: number;
  /** stop when this many first rows are all rejected for one column (default 1,000) */
  earlyStopRows?: number;
  /** problems stored in full per severity (default 10,000); counts are kept for all */
  maxStoredProblems?: number;
  /** largest CSV record, characters (default 1 MiB) */
  maxRecordBytes?: number;
  /** called after every batch; return true to cancel */
  onProgress?: (p: ImportProgress) => Promise<boolean>;
}

export async function importCsv(client: PoolClient, opts: ImportCsvOptions): Promise<ImportOutcome> {
  const { kind, mapping, scope } = opts;
  const batchSize = opts.batchSize ?? 5000;
  const earlyStopRows = opts.earlyStopRows ?? 1000;
  const byLine = (opts.duplicates ?? 'line') === 'line';
  const duplicateMessage = byLine
    ? 'exact duplicate of an earlier row'
    : `same ${DUPLICATE_KEY_COLUMNS[kind].join(', ')} as an earlier row`;
  const profile = new ProfileBuilder(kind, byLine ? 'line' : 'key');
  // under the lock (held until commit): a concurrent import of this organisation and kind waits, then sees ours
  const seen = await lockImportsAndLoadHashes(client, scope.orgId, kind);
  opts.onKnownHashes?.(seen);
  const problems = new ProblemLog(opts.maxStoredProblems ?? 10_000);
  let bytesRead = 0;
  const counts = { rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0, rowsDuplicate: 0, rowsWarned: 0 };
  // early stop: columns common to the errors of every row so far (while every row is rejected)
  let commonColumns: Set<string> | null = null;
  let firstMessage = '';
  let allRejected = true;
  let fatal: Error | null = null;
  // One rejection per physical problem: csv-parse reports a broken quote several times until it recovers.
  let lastSkip: StoredProblem | null = null;
  /** records parsed when the last skip was reported (csv-parse's live count, in step with its 'skip' events) */
  let recordsAtSkip = -1;
  const t0 = performance.now();
  const file = createReadStream(opts.filePath);
  file.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = file.pipe(
    new RecordBatches({
      bom: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: opts.maxRecordBytes ?? 1 << 20,
      encoding: 'utf8',
    }),
  );
  parser.on('skip', (err: Error & { lines?: number; code?: string }) => {
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      fatal = new ImportRefused(
        `Line ${err.lines ?? '?'} is longer than the ${Math.round((opts.maxRecordBytes ?? 1 << 20) / 1024)} KiB ` +
          'limit for one CSV record (often a quote left open); nothing was kept. Fix the file and upload it again.',
      );
      parser.destroy();
      return;
    }
    // no record parsed since the last skip (the consumer below lags behind the parser; its count does not)
    const records = parser.info.records;
    if (lastSkip && records === recordsAtSkip) {
      lastSkip.message = `${lastSkip.message.replace(/ \(through line \d+\)$/, '')} (through line ${err.lines ?? 0})`;
      return;
    }
    counts.rowsTotal++;
    counts.rowsRejected++;
    recordsAtSkip = records;
    lastSkip = problems.add('error', {
      line: err.lines ?? 0,
      column: '',
      code: 'wrong_column_count',
      message: `unreadable CSV record: ${err.message}`,
    });
  });
  // Kept rows are encoded as COPY text while the server stores the previous chunk (the COPY stream buffers).
  const rows =
    kind === 'events' && !opts.createCustomers
      ? new EventRows(client, scope)
      : new StagedRows(client, kind, scope.piiSecret);
  let progressWrite: Promise<boolean> = Promise.resolve(false);
  let sinceProgress = 0;
  const flush = async () => {
    await rows.writePending();
    // problem rows are written between COPY segments (a connection runs one statement at a time)
    if (problems.pending() > 0) {
      await rows.pause();
      await insertProblems(client, scope, problems.drain());
    }
    sinceProgress = 0;
    // the progress write runs while the next batch is read; its answer (cancel?) is looked at by the next flush
    if (await progressWrite) throw new ImportCancelled();
    progressWrite =
      opts.onProgress?.({
        fraction: opts.totalBytes ? Math.min(1, bytesRead / opts.totalBytes) : 1,
        ...counts,
      }) ?? Promise.resolve(false);
    progressWrite.catch(() => undefined); // awaited by the next flush
  };
  const knownCustomer =
    kind === 'customers' || opts.createCustomers ? undefined : (id: string) => scope.customerIds.has(id);
  let first = true;
  try {
    for await (const batch of parser as AsyncIterable<RecordAt[]>)
      for (const { record, lines } of batch) {
        if (first) {
          first = false; // the header row, resolved before the import started
          continue;
        }
        counts.rowsTotal++;
        const result = validateRow(kind, record, lines, mapping as ColumnMapping<typeof kind>, { knownCustomer });
        if (!result.ok) {
          counts.rowsRejected++;
          const raw = csvLine(record);
          for (const e of result.errors) problems.add('error', e, raw);
          if (allRejected && counts.rowsTotal <= earlyStopRows) {
            const cols = new Set(result.errors.map((e) => e.column));
            commonColumns = commonColumns
              ? new Set([...(commonColumns as Set<string>)].filter((c) => cols.has(c)))
              : cols;
            if (!firstMessage) firstMessage = result.errors[0].message;
            if (counts.rowsTotal === earlyStopRows && commonColumns.size > 0) {
              const column = [...commonColumns][0] || 'the file layout';
              throw new ImportRefused(
                `The first ${earlyStopRows.toLocaleString('en-GB')} rows were all rejected for ${column} ` +
                  `(e.g. ${firstMessage}): the mapping looks wrong, so the import stopped. Nothing was kept; ` +
                  'fix the mapping (column, date format) and upload the file again.',
              );
            }
          }
        } else {
          allRejected = false;
          const h = byLine ? lineHash(record) : naturalKeyHash(kind, result.value);
          if (!seen.add(h)) {
            counts.rowsDuplicate++;
            profile.addDuplicate();
            problems.add(
              'duplicate',
              { line: lines, column: '', code: 'duplicate', message: duplicateMessage },
              csvLine(record),
            );
          } else {
            counts.rowsAccepted++;
            if (result.warnings) {
              counts.rowsWarned++;
              const raw = csvLine(record);
              for (const w of result.warnings) problems.add('warning', w, raw);
            }
            profile.add(result.value);
            if (rows instanceof EventRows) rows.add(result.value as ParsedRow['events'], lines, h);
            else rows.add(result.value, lines, h);
            sinceProgress++;
            if (rows.pending >= COPY_CHUNK_ROWS) await rows.writePending();
          }
        }
        if (sinceProgress >= batchSize || problems.pending() >= batchSize) await flush();
      }
    if (fatal) throw fatal;
    await flush();
    if (await progressWrite) throw new ImportCancelled();
    await rows.writePending();
    await rows.pause();
    await insertProblems(client, scope, problems.drain());
  } catch (err) {
    await progressWrite.catch(() => undefined);
    await rows.abort();
    if (fatal) throw fatal;
    throw err;
  }
  // the set-based move runs in the server while the profile (histograms, outlier checks) is computed here
  const t1 = performance.now();
  const moved =
    rows instanceof EventRows
      ? await rows.startMove()
      : await rows.startMove(scope, { createCustomers: !!opts.createCustomers });
  const profiled = { profile: profile.profile(), cleaningSteps: profile.cleaningSteps() };
  const t2 = performance.now();
  const { staged: stagedRows, kept } = await moved.done;
  const secs = (a: number, b: number) => Math.round(b - a) / 1000;
  const timings = { stageSecs: secs(t0, t1), moveSecs: secs(t1, performance.now()), profileSecs: secs(t1, t2) };
  // rows whose fingerprint a concurrent import of this organisation stored first are duplicates after all
  const late = stagedRows - kept;
  return {
    ...counts,
    rowsAccepted: counts.rowsAccepted - late,
    rowsDuplicate: counts.rowsDuplicate + late,
    fraction: 1,
    timings,
    ...profiled,
    problemSummary: problems.summary(),
  };
}

/** A parsed record and the file line it ends on. */
interface RecordAt {
  record: string[];
  lines: number;
}

/**
 * csv-parse giving its records in batches (those of one chunk of the file), each with its line number. The line is
 * read from the parser's live counters as the record is pushed (synchronously, so it is the record's own line):
 * the `info` option copies every counter into a new object per record (2.3 s of 1 M rows' CPU, plus its garbage).
 * A batch per chunk instead of a record per read: the consumer's `for await` costs a promise per item.
 */
class RecordBatches extends Parser {
  private batch: RecordAt[] = [];

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk !== null) {
      this.batch.push({ record: chunk as string[], lines: this.info.lines });
      return true;
    }
    this.pushBatch();
    return super.push(null, encoding);
  }

  private pushBatch(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    super.push(batch);
  }

  override _transform(buf: Buffer, encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    super._transform(buf, encoding, (err?: Error | null) => {
      this.pushBatch();
      callback(err);
    });
  }
}

/** Rows encoded before they are handed to the COPY stream (about 100 KB of text). */
const COPY_CHUNK_ROWS = 1000;

import 'server-only';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ParsedEventRow } from '../data/csv-schema';
import { type MonthKey, monthKeyOf, monthStart } from '../events/event-months';
import { ensureEventMonths } from '../events/event-partitions';
import { type InsertScope, KIND_ENUM } from './bulk-insert';
import { CopySegments } from './copy-segments';
import { copyField, eventCopyLine } from './copy-text';

/**
 * An events import's rows COPYed straight into "Event" (no staging table, no set-based move), for files whose
 * customers all exist (createCustomers off: validation rejects unknown ones). The rows arrive resolved — internal
 * customer ids from the organisation's map (InsertScope.customerIds), enum types, UTC wall-clock times — and
 * already de-duplicated in Node, which may decide alone because the caller holds the organisation's import lock
 * and read its fingerprints under it (bulk-insert.ts lockImportsAndLoadHashes). The fingerprints of the rows
 * written are stored at the end, in file order, in one DatasetFingerprint row. Before a chunk is written, the
 * months it brings get their partition of "Event" (ensureEventMonths, short transactions on another connection; the COPY is
 * paused meanwhile, because a COPY routes rows to the partitions that existed when it began): this transaction
 * writes no customer, so nothing the partition's foreign key locks waits for it.
 *
 * A file that creates customers goes through the staging table instead (staged-insert.ts): customers created
 * between COPY segments made every later segment slower — the foreign-key check's cached generic plan, built while
 * "Customer" was small, scans the organisation's customers for each row (Online Retail: 401 segments of 1,000
 * rows, 7 ms for the first and 138 ms for the last; 47 s in all).
 * Everything runs on the caller's client inside the caller's transaction: a failed or cancelled import keeps
 * nothing.
 */
export class EventRows extends CopySegments {
  private chunk = '';
  /** rows encoded into `chunk` */
  pending = 0;
  /** fingerprints of the rows written, for DatasetFingerprint: full blocks, then the one being filled */
  private hashBlocks: Float64Array[] = [];
  private hashBlock = new Float64Array(HASH_BLOCK);
  private hashCount = 0;
  private readonly months = new Set<MonthKey>();
  private readonly newMonths: MonthKey[] = [];
  /** the last month looked up, as [start, end) in ms: most rows fall in the month of the row before */
  private monthFrom = 0;
  private monthTo = -1;
  private readonly prefix: string;

  constructor(
    client: PoolClient,
    private readonly scope: InsertScope,
  ) {
    super(client, `COPY "Event" (${EVENT_COLUMNS}) FROM STDIN`);
    this.prefix = `${copyField(scope.orgId)}\t${copyField(scope.datasetId)}\t`;
  }

  /** Encodes a kept row into the pending chunk. */
  add(row: ParsedEventRow, _line: number, hash: number): void {
    const customerId = this.scope.customerIds.get(row.customerId);
    if (customerId === undefined) throw new Error(`customer ${row.customerId} is not known`); // validation rejects these
    const t = row.occurredAt.getTime();
    if (t < this.monthFrom || t >= this.monthTo) this.lookUpMonth(row.occurredAt);
    this.chunk += eventCopyLine(this.prefix, customerId, row);
    this.pending++;
    const i = this.hashCount++ % HASH_BLOCK;
    this.hashBlock[i] = hash;
    if (i === HASH_BLOCK - 1) {
      this.hashBlocks.push(this.hashBlock);
      this.hashBlock = new Float64Array(HASH_BLOCK);
    }
  }

  private lookUpMonth(at: Date): void {
    const m = monthKeyOf(at);
    const from = monthStart(m);
    this.monthFrom = from.getTime();
    this.monthTo = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1);
    if (!this.months.has(m)) {
      this.months.add(m);
      this.newMonths.push(m);
    }
  }

  /**
   * Writes the pending chunk, its new months partitioned first (see above; a month whose partition's locks were
   * busy goes to DEFAULT, which the worker's upkeep empties); waits under back-pressure.
   */
  async writePending(): Promise<void> {
    if (this.pending === 0) return;
    if (this.newMonths.length > 0) {
      await this.pause();
      await ensureEventMonths(this.newMonths.splice(0));
    }
    const text = this.chunk;
    this.chunk = '';
    this.pending = 0;
    await this.write(text);
  }

  /**
   * Ends the COPY and stores the written rows' fingerprints (one array, in file order: readers only unnest it into
   * a set; sorting 3 M of them would take a second contiguous copy) — sent before it resolves, so the
   * caller can compute meanwhile; `done` gives the rows written (all kept: Node decided under the import lock).
   */
  async startMove(): Promise<{ done: Promise<{ staged: number; kept: number }> }> {
    await this.writePending();
    await this.pause();
    const n = this.hashCount;
    if (n === 0) return { done: Promise.resolve({ staged: 0, kept: 0 }) };
    if (this.copied !== n) throw new Error(`COPY stored ${this.copied} of ${n} rows`);
    const stream = this.client.query(
      copyFrom(`COPY "DatasetFingerprint" ("datasetId", "organizationId", kind, hashes) FROM STDIN`),
    );
    stream.on('error', () => undefined);
    const { orgId, datasetId } = this.scope;
    stream.write(`${copyField(datasetId)}\t${copyField(orgId)}\t${KIND_ENUM.events}\t{`);
    const blocks = [...this.hashBlocks, this.hashBlock.subarray(0, n % HASH_BLOCK)];
    this.hashBlocks = [];
    this.hashBlock = new Float64Array(0);
    for (const [i, block] of blocks.entries()) {
      if (block.length === 0) continue;
      const part = block.join(',');
      if (!stream.write(i === 0 ? part : `,${part}`)) await once(stream, 'drain');
    }
    stream.end('}\n');
    const done = finished(stream).then(() => ({ staged: n, kept: n }));
    done.catch(() => undefined); // awaited by the caller after its own work
    return { done };
  }
}

/** fingerprints a block (512 KiB): the list grows without copying what it holds */
const HASH_BLOCK = 1 << 16;

const EVENT_COLUMNS = `"organizationId", "datasetId", "customerId", type, "occurredAt", "productId", category, price, quantity, "sessionId", "dwellSeconds"`;

import 'server-only';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ParsedEventRow } from '../data/csv-schema';
import { type MonthKey, monthKeyOf, monthStart } from '../events/event-months';
import { ensureEventMonths } from '../events/event-partitions';
import { type InsertScope, KIND_ENUM } from './bulk-insert';
import { copyField, eventCopyLine } from './copy-text';

/**
 * An events import's rows COPYed straight into "Event" (no staging table, no set-based move): the rows arrive
 * resolved — internal customer ids from the organisation's map (InsertScope.customerIds), enum types, UTC
 * wall-clock times — and already de-duplicated in Node, which may decide alone because the caller holds the
 * organisation's import lock and read its fingerprints under it (bulk-insert.ts lockImportsAndLoadHashes). The
 * fingerprints of the rows written are stored at the end, in one DatasetFingerprint row.
 *
 * Between COPY segments (the COPY is paused: ended, and reopened by the next write), before a chunk is written:
 *  - the months it brings get their partition of "Event" (ensureEventMonths, short transactions on another
 *    connection) — only while this transaction has written no customer: the partition's foreign key needs a lock
 *    on "Customer" that would wait for ours. Months first seen after that are written to DEFAULT and returned by
 *    `lateMonths`, for the caller to give them their partition after the commit (which moves their rows);
 *  - the customers it names that do not exist yet are created (createCustomers), with ids chosen here; one that
 *    another transaction created meanwhile keeps its id, and the chunk is rewritten with it.
 * Everything runs on the caller's client inside the caller's transaction: a failed or cancelled import keeps
 * nothing.
 */
export class EventRows {
  private stream: ReturnType<typeof copyFrom> | null = null;
  private chunk = '';
  /** rows encoded into `chunk` */
  pending = 0;
  /** rows the server has confirmed (ended COPY segments) */
  private copied = 0;
  /** fingerprints of the rows written, for DatasetFingerprint */
  private hashes = new Float64Array(1 << 16);
  private hashCount = 0;
  /** external id -> provisional id of customers to create before the chunk is written */
  private readonly toCreate = new Map<string, string>();
  private customersWritten = false;
  private readonly months = new Set<MonthKey>();
  private readonly newMonths: MonthKey[] = [];
  private readonly late: MonthKey[] = [];
  /** the last month looked up, as [start, end) in ms: most rows fall in the month of the row before */
  private monthFrom = 0;
  private monthTo = -1;
  private readonly prefix: string;

  constructor(
    private readonly client: PoolClient,
    private readonly scope: InsertScope,
    private readonly opts: { createCustomers: boolean },
  ) {
    this.prefix = `${copyField(scope.orgId)}\t${copyField(scope.datasetId)}\t`;
  }

  /** Encodes a kept row (its customer known, or to be created) into the pending chunk. */
  add(row: ParsedEventRow, _line: number, hash: number): void {
    let customerId = this.scope.customerIds.get(row.customerId);
    if (customerId === undefined) {
      if (!this.opts.createCustomers) throw new Error(`customer ${row.customerId} is not known`); // validation rejects these
      customerId = randomUUID();
      this.scope.customerIds.set(row.customerId, customerId);
      this.toCreate.set(row.customerId, customerId);
    }
    const t = row.occurredAt.getTime();
    if (t < this.monthFrom || t >= this.monthTo) this.lookUpMonth(row.occurredAt);
    this.chunk += eventCopyLine(this.prefix, customerId, row);
    this.pending++;
    if (this.hashCount === this.hashes.length) {
      const grown = new Float64Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.hashCount++] = hash;
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

  /** Writes the pending chunk: its new months and customers first (see above); waits under back-pressure. */
  async writePending(): Promise<void> {
    if (this.pending === 0) return;
    if (this.newMonths.length > 0) {
      const months = this.newMonths.splice(0);
      if (this.customersWritten) this.late.push(...months);
      else {
        await this.pause();
        const r = await ensureEventMonths(months);
        this.late.push(...r.deferred);
      }
    }
    if (this.toCreate.size > 0) {
      await this.pause();
      await this.createCustomers();
    }
    const text = this.chunk;
    this.chunk = '';
    this.pending = 0;
    const stream = this.stream ?? this.open();
    if (stream.errored) throw stream.errored;
    if (!stream.write(text)) await once(stream, 'drain'); // rejects when the stream errors meanwhile
  }

  private open(): ReturnType<typeof copyFrom> {
    const stream = this.client.query(copyFrom(`COPY "Event" (${EVENT_COLUMNS}) FROM STDIN`));
    // an error is reported by the next write/end; until then it must not count as unhandled
    stream.on('error', () => undefined);
    this.stream = stream;
    return stream;
  }

  private async createCustomers(): Promise<void> {
    // in one order, so that two imports creating the same customers cannot deadlock on them
    const ext = [...this.toCreate.keys()].sort();
    const ids = ext.map((e) => this.toCreate.get(e) as string);
    this.toCreate.clear();
    const { orgId, datasetId } = this.scope;
    const ins = await this.client.query<{ externalId: string }>(
      `INSERT INTO "Customer" (id, "organizationId", "datasetId", "externalId")
       SELECT u.id, $1, $2, u.ext FROM unnest($3::text[], $4::text[]) AS u(id, ext)
       ON CONFLICT ("organizationId", "externalId") DO NOTHING RETURNING "externalId"`,
      [orgId, datasetId, ids, ext],
    );
    this.customersWritten = true;
    if (ins.rows.length === ext.length) return;
    // created by another transaction since the map was read (it committed; ON CONFLICT waited for it)
    const made = new Set(ins.rows.map((r) => r.externalId));
    const others = ext.filter((e) => !made.has(e));
    const found = await this.client.query<{ id: string; externalId: string }>(
      `SELECT id, "externalId" FROM "Customer" WHERE "organizationId" = $1 AND "externalId" = ANY($2::text[])`,
      [orgId, others],
    );
    for (const c of found.rows) {
      const provisional = this.scope.customerIds.get(c.externalId) as string;
      this.scope.customerIds.set(c.externalId, c.id);
      this.chunk = this.chunk.replaceAll(`\t${provisional}\t`, `\t${c.id}\t`);
    }
    if (found.rows.length !== others.length) throw new Error('a customer of this file could not be created');
  }

  /** Ends the open COPY segment (if any) once the server has stored it; the connection is free afterwards. */
  async pause(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    stream.end();
    await finished(stream);
    this.copied += stream.rowCount;
  }

  /** Abandons an open COPY (CopyFail); the caller then rolls the transaction back. */
  async abort(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    stream.destroy(new Error('import stopped'));
    await finished(stream).catch(() => undefined);
  }

  /** Months written to DEFAULT (first seen after customers were created, or their partition's lock was busy). */
  get lateMonths(): MonthKey[] {
    return [...this.late];
  }

  /**
   * Ends the COPY and stores the written rows' fingerprints (sorted, one array) — sent before it resolves, so the
   * caller can compute meanwhile; `done` gives the rows written (all kept: Node decided under the import lock).
   */
  async startMove(): Promise<{ done: Promise<{ staged: number; kept: number }> }> {
    await this.writePending();
    await this.pause();
    const n = this.hashCount;
    if (n === 0) return { done: Promise.resolve({ staged: 0, kept: 0 }) };
    if (this.copied !== n) throw new Error(`COPY stored ${this.copied} of ${n} rows`);
    const sorted = this.hashes.subarray(0, n).sort();
    const stream = this.client.query(
      copyFrom(`COPY "DatasetFingerprint" ("datasetId", "organizationId", kind, hashes) FROM STDIN`),
    );
    stream.on('error', () => undefined);
    const { orgId, datasetId } = this.scope;
    stream.write(`${copyField(datasetId)}\t${copyField(orgId)}\t${KIND_ENUM.events}\t{`);
    const step = 50_000;
    for (let i = 0; i < n; i += step) {
      const part = Array.from(sorted.subarray(i, Math.min(n, i + step))).join(',');
      if (!stream.write(i === 0 ? part : `,${part}`)) await once(stream, 'drain');
    }
    stream.end('}\n');
    const done = finished(stream).then(() => {
      this.hashes = new Float64Array(0);
      return { staged: n, kept: n };
    });
    done.catch(() => undefined); // awaited by the caller after its own work
    return { done };
  }
}

const EVENT_COLUMNS = `"organizationId", "datasetId", "customerId", type, "occurredAt", "productId", category, price, quantity, "sessionId", "dwellSeconds"`;

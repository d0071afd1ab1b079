import 'server-only';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * One `COPY … FROM STDIN` (pg-copy-streams) that may be paused — ended, so the connection can run other statements
 * of the same transaction — and resumed as a new COPY segment on the next write. Used by the import's direct event
 * rows (event-rows.ts) and its staging table (staged-insert.ts), which extend it.
 */
export class CopySegments {
  private stream: ReturnType<typeof copyFrom> | null = null;
  /** rows the server has confirmed (ended segments) */
  copied = 0;

  private prepared = false;

  constructor(
    protected readonly client: PoolClient,
    private readonly sql: string,
  ) {}

  /** Runs once, before the first segment opens (e.g. creating the target table). */
  protected async prepare(): Promise<void> {}

  /** Appends COPY text lines; opens a segment when none is open; waits when the socket is saturated. */
  async write(text: string): Promise<void> {
    if (!text) return;
    const stream = this.stream ?? (await this.open());
    if (stream.errored) throw stream.errored;
    if (!stream.write(text)) await once(stream, 'drain'); // rejects when the stream errors meanwhile
  }

  private async open(): Promise<ReturnType<typeof copyFrom>> {
    if (!this.prepared) {
      await this.prepare();
      this.prepared = true;
    }
    const stream = this.client.query(copyFrom(this.sql));
    // an error is reported by the next write/end; until then it must not count as unhandled
    stream.on('error', () => undefined);
    this.stream = stream;
    return stream;
  }

  /** Ends the open segment (if any) once the server has stored it; the connection is free afterwards. */
  async pause(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    stream.end();
    await finished(stream);
    this.copied += stream.rowCount;
  }

  /** Abandons an open segment (CopyFail); the caller then rolls the transaction back. */
  async abort(): Promise<void> {
    const stream = this.stream;
    if (!stream) return;
    this.stream = null;
    stream.destroy(new Error('import stopped'));
    await finished(stream).catch(() => undefined);
  }
}

/**
 * Group commit: callers submit rows and wait; rows submitted close together are written by ONE `write` call (one
 * multi-row statement) and every caller's promise settles only after that write has committed, so nothing is
 * acknowledged that is not stored. A batch is written when it holds `maxRows` rows or `maxDelayMs` after its
 * first row, whichever comes first. A caller's rows are never split between batches: a submission that brings its batch to `maxRows` or
 * beyond (a 1,000-customer request) closes that batch and is written with whatever was waiting before it.
 *
 * Failure isolation: when a batch's write fails and it holds the rows of several callers, each caller's rows are
 * written again on their own (the failed statement stored nothing), so only the callers whose own rows fail are
 * rejected — with their own write's error — and a bad row never fails a neighbour. Batches are written in the
 * order they were formed, rows within a batch in submission order; writes of successive batches may overlap
 * (the pool bounds them). Framework-free: the timer is injected (tests use a fake one).
 */

export interface GroupCommitTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface GroupCommitOptions<T> {
  /** Writes the rows in one statement; resolves once committed. */
  write: (rows: T[]) => Promise<void>;
  /** write a batch as soon as it holds this many rows (default 256) */
  maxRows?: number;
  /** write a batch this long after its first row at the latest (default 5 ms) */
  maxDelayMs?: number;
  timer?: GroupCommitTimer;
}

export interface GroupCommitter<T> {
  /** Adds the rows to the current batch; resolves when they are committed, rejects if their write failed. */
  submit(rows: T[]): Promise<void>;
  /** Writes the waiting batch now and waits for every write in flight (tests, shutdown). */
  flush(): Promise<void>;
  /** rows waiting for their batch's write to start */
  waitingRows(): number;
}

interface Part {
  start: number;
  end: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Batch<T> {
  rows: T[];
  parts: Part[];
  handle: unknown;
}

export const realTimer: GroupCommitTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function groupCommit<T>(o: GroupCommitOptions<T>): GroupCommitter<T> {
  const maxRows = o.maxRows ?? 256;
  const maxDelayMs = o.maxDelayMs ?? 5;
  const timer = o.timer ?? realTimer;
  if (!(maxRows >= 1) || !(maxDelayMs >= 0)) throw new RangeError('groupCommit: maxRows ≥ 1 and maxDelayMs ≥ 0');
  let current: Batch<T> | undefined;
  const inFlight = new Set<Promise<void>>();

  async function writeBatch(batch: Batch<T>): Promise<void> {
    try {
      await o.write(batch.rows);
      for (const p of batch.parts) p.resolve();
      return;
    } catch (err) {
      if (batch.parts.length === 1) {
        batch.parts[0].reject(err);
        return;
      }
    }
    // several callers: nothing of the failed statement was stored; each caller's rows alone decide its outcome
    await Promise.all(
      batch.parts.map((p) =>
        o.write(batch.rows.slice(p.start, p.end)).then(
          () => p.resolve(),
          (err) => p.reject(err),
        ),
      ),
    );
  }

  function startWrite(): void {
    const batch = current;
    if (!batch) return;
    current = undefined;
    timer.clear(batch.handle);
    const w = writeBatch(batch);
    inFlight.add(w);
    void w.finally(() => inFlight.delete(w));
  }

  return {
    submit(rows) {
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (!current) {
          const batch: Batch<T> = { rows: [], parts: [], handle: undefined };
          batch.handle = timer.set(() => {
            if (current === batch) startWrite();
          }, maxDelayMs);
          current = batch;
        }
        const start = current.rows.length;
        for (const r of rows) current.rows.push(r);
        current.parts.push({ start, end: current.rows.length, resolve, reject });
        if (current.rows.length >= maxRows) startWrite();
      });
    },
    async flush() {
      startWrite();
      await Promise.all([...inFlight]);
    },
    waitingRows: () => current?.rows.length ?? 0,
  };
}

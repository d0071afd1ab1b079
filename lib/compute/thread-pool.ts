import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FitAborted, SharedAbortFlag } from '../ml/cancel';
import type { TaskKind, TaskRegistry } from './tasks';

/**
 * A fixed pool of worker_threads that run CPU-bound tasks (lib/compute/tasks.ts names them) off the caller's
 * event loop, so its timers (job heartbeats) keep firing and every core works. Typed arrays backed by a
 * SharedArrayBuffer travel without a copy (a training set is shared once, tasks name rows).
 *
 * Cancellation: `run(kind, input, { signal })`. When the signal aborts, the task's shared abort flag is set —
 * fit loops check it (lib/ml/cancel.ts) and throw within milliseconds — and the promise rejects with the
 * signal's reason. A thread that has not given up after `graceMs` is terminated and replaced.
 */
export interface ThreadPoolOptions {
  size: number;
  /** how long an aborted task may keep its thread before the thread is terminated */
  graceMs?: number;
  /** the thread entry module (default: lib/compute/thread-entry.ts) */
  entry?: string;
}

interface Pending {
  id: number;
  kind: TaskKind;
  input: unknown;
  flag: SharedAbortFlag;
  signal?: AbortSignal;
  onAbort?: () => void;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  task: Pending | null;
  killTimer?: NodeJS.Timeout;
}

type Reply = { id: number; ok: true; output: unknown } | { id: number; ok: false; error: SerializedError };
interface SerializedError {
  name: string;
  message: string;
  abortCode?: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_ENTRY = path.join(HERE, 'thread-entry.ts');
/** plain-JavaScript first module of a thread: loads the TypeScript entry through tsx, whatever the parent runs */
const BOOTSTRAP = path.join(HERE, 'thread-bootstrap.mjs');

export class ThreadPool {
  readonly size: number;
  private readonly graceMs: number;
  private readonly entry: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(opts: ThreadPoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError('ThreadPool: size must be ≥ 1');
    this.size = opts.size;
    this.graceMs = opts.graceMs ?? 1000;
    this.entry = opts.entry ?? DEFAULT_ENTRY;
  }

  /** Runs one task on a free thread (queued while all are busy). */
  run<K extends TaskKind>(
    kind: K,
    input: Parameters<TaskRegistry[K]>[0],
    opts: { signal?: AbortSignal } = {},
  ): Promise<ReturnType<TaskRegistry[K]>> {
    if (this.closed) return Promise.reject(new Error('ThreadPool: closed'));
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const task: Pending = {
        id: this.nextId++,
        kind,
        input,
        flag: new SharedAbortFlag(),
        signal,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (signal) {
        task.onAbort = () => this.abort(task);
        signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Number of threads started so far (threads start on first use). */
  get threads(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) this.settle(t, false, new Error('ThreadPool: closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, kind: task.kind, input: task.input, abort: task.flag.buffer });
    }
  }

  private spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, { workerData: { entry: this.entry } });
    worker.unref();
    const slot: Slot = { worker, task: null };
    worker.on('message', (msg: Reply) => {
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      slot.task = null;
      clearTimeout(slot.killTimer);
      if (msg.ok) this.settle(task, true, msg.output);
      else this.settle(task, false, this.toError(task, msg.error));
      this.dispatch();
    });
    const lost = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      clearTimeout(slot.killTimer);
      if (slot.task) this.settle(slot.task, false, slot.task.signal?.aborted ? slot.task.signal.reason : err);
      slot.task = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`training thread exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private abort(task: Pending): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, false, task.signal?.reason);
      return;
    }
    task.flag.abort(1);
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    // the fit loop should notice the flag at once; a thread stuck elsewhere is terminated and replaced
    slot.killTimer = setTimeout(() => void slot.worker.terminate(), this.graceMs);
    slot.killTimer.unref();
  }

  private toError(task: Pending, e: SerializedError): unknown {
    if (e.abortCode !== undefined && task.signal?.aborted) return task.signal.reason;
    if (e.abortCode !== undefined) return new FitAborted(e.abortCode);
    const err = new Error(e.message);
    err.name = e.name;
    return err;
  }

  private settle(task: Pending, ok: boolean, value: unknown): void {
    if (task.onAbort) task.signal?.removeEventListener('abort', task.onAbort);
    if (ok) task.resolve(value);
    else task.reject(value);
  }
}

let shared: ThreadPool | undefined;

/** The process's pool for CPU-bound work (TRAINING_THREADS threads, default: every core). */
export function computePool(size?: number): ThreadPool {
  shared ??= new ThreadPool({ size: size ?? availableParallelism() });
  return shared;
}

export async function closeComputePool(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

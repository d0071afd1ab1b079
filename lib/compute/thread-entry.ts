import { parentPort } from 'node:worker_threads';
import { FitAborted, SharedAbortFlag } from '../ml/cancel';
import { TASKS, type TaskKind } from './tasks';

/**
 * Entry of a compute thread (lib/compute/thread-pool.ts): runs one task at a time, synchronously, with the
 * task's shared abort flag as its signal; replies with the output (typed-array buffers transferred) or the error.
 */
parentPort?.on('message', (msg: { id: number; kind: TaskKind; input: unknown; abort: SharedArrayBuffer }) => {
  try {
    const run = TASKS[msg.kind] as (input: unknown, signal: SharedAbortFlag) => unknown;
    if (!run) throw new TypeError(`unknown compute task ${msg.kind}`);
    const output = run(msg.input, new SharedAbortFlag(msg.abort));
    parentPort?.postMessage({ id: msg.id, ok: true, output }, transferables(output));
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort?.postMessage({
      id: msg.id,
      ok: false,
      error: { name: e.name, message: e.message, ...(err instanceof FitAborted ? { abortCode: err.code } : {}) },
    });
  }
});

/** Buffers of the typed arrays in the output (one level deep, and inside arrays): moved, not copied. */
function transferables(output: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    } else if (depth < 3 && v && typeof v === 'object') for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(output, 0);
  return [...out];
}

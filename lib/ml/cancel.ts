/**
 * Cancellation inside fit loops. A fit takes an optional `signal` and calls `signal.throwIfAborted()` once per
 * unit of work (boosting round, tree, mini-batch, L-BFGS iteration, tree node), so a long fit stops within
 * milliseconds of a request. An `AbortSignal` qualifies as is (same thread); across threads, where the fitting
 * thread's event loop is busy and cannot receive a message, `SharedAbortFlag` reads a flag in shared memory.
 */
export interface AbortCheck {
  throwIfAborted(): void;
}

export interface FitOptions {
  signal?: AbortCheck;
}

/** Thrown by `SharedAbortFlag.throwIfAborted` once the flag is set; `code` is the value the owner stored. */
export class FitAborted extends Error {
  constructor(readonly code: number) {
    super(`fit aborted (code ${code})`);
    this.name = 'FitAborted';
  }
}

/** A one-slot Int32 flag in a SharedArrayBuffer: 0 = carry on; any other value = stop, with that code. */
export class SharedAbortFlag implements AbortCheck {
  readonly flag: Int32Array;
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    if (buffer.byteLength < 4) throw new RangeError('SharedAbortFlag: buffer needs at least 4 bytes');
    this.flag = new Int32Array(buffer, 0, 1);
  }

  get buffer(): SharedArrayBuffer {
    return this.flag.buffer as SharedArrayBuffer;
  }

  abort(code = 1): void {
    if (code === 0) throw new RangeError('SharedAbortFlag.abort: code 0 means "not aborted"');
    Atomics.compareExchange(this.flag, 0, 0, code);
  }

  get aborted(): boolean {
    return Atomics.load(this.flag, 0) !== 0;
  }

  throwIfAborted(): void {
    const code = Atomics.load(this.flag, 0);
    if (code !== 0) throw new FitAborted(code);
  }
}

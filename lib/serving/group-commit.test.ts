import { describe, expect, it } from 'vitest';
import { type GroupCommitTimer, groupCommit } from './group-commit';

/** A timer that fires only when the test advances it. */
function fakeTimer() {
  let now = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timer: GroupCommitTimer = {
    set(fn, ms) {
      due.set(next, { at: now + ms, fn });
      return next++;
    },
    clear(h) {
      due.delete(h as number);
    },
  };
  return {
    timer,
    pending: () => due.size,
    advance(ms: number) {
      now += ms;
      for (const [h, t] of [...due].sort((a, b) => a[1].at - b[1].at))
        if (t.at <= now) {
          due.delete(h);
          t.fn();
        }
    },
  };
}

/** A write that records its batches and resolves (or rejects) only when told. */
function controlledWrite(fails: (rows: string[]) => boolean = () => false) {
  const calls: { rows: string[]; done: () => void }[] = [];
  const write = (rows: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({
        rows: [...rows],
        done: () => (fails(rows) ? reject(new Error(`bad: ${rows.join(',')}`)) : resolve()),
      });
    });
  return { calls, write };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => (state = 'ok'),
    (e) => (state = `failed: ${(e as Error).message}`),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return state;
};

describe('groupCommit', () => {
  it('writes a batch when it reaches maxRows, without waiting for the timer, and answers only after the write', async () => {
    const t = fakeTimer();
    const w = controlledWrite();
    const gc = groupCommit({ write: w.write, maxRows: 4, maxDelayMs: 5, timer: t.timer });
    const a = gc.submit(['a1', 'a2']);
    const b = gc.submit(['b1']);
    expect(w.calls.length).toBe(0);
    const c = gc.submit(['c1', 'c2']); // 5 rows ≥ 4: written now, caller's rows not split
    expect(w.calls.map((x) => x.rows)).toEqual([['a1', 'a2', 'b1', 'c1', 'c2']]);
    expect(t.pending()).toBe(0); // the batch's timer was cleared
    expect(await settled(a)).toBe('pending'); // not acknowledged before the commit
    w.calls[0].done();
    expect([await settled(a), await settled(b), await settled(c)]).toEqual(['ok', 'ok', 'ok']);
  });

  it('writes a batch maxDelayMs after its first row, and a later row starts a new batch', async () => {
    const t = fakeTimer();
    const w = controlledWrite();
    const gc = groupCommit({ write: w.write, maxRows: 256, maxDelayMs: 5, timer: t.timer });
    const a = gc.submit(['a']);
    t.advance(3);
    const b = gc.submit(['b']);
    t.advance(1.9);
    expect(w.calls.length).toBe(0);
    t.advance(0.1); // 5 ms after 'a'
    expect(w.calls.map((x) => x.rows)).toEqual([['a', 'b']]);
    const c = gc.submit(['c']);
    expect(gc.waitingRows()).toBe(1);
    t.advance(5);
    expect(w.calls.map((x) => x.rows)).toEqual([['a', 'b'], ['c']]);
    w.calls[1].done(); // a later batch may commit first; each caller waits for its own batch only
    expect([await settled(a), await settled(b), await settled(c)]).toEqual(['pending', 'pending', 'ok']);
    w.calls[0].done();
    expect([await settled(a), await settled(b)]).toEqual(['ok', 'ok']);
  });

  it('keeps submission order within a batch and batch order across batches', async () => {
    const t = fakeTimer();
    const order: string[][] = [];
    const gc = groupCommit({
      write: async (rows: string[]) => void order.push(rows),
      maxRows: 3,
      maxDelayMs: 5,
      timer: t.timer,
    });
    const all = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((r) => gc.submit([r]));
    t.advance(5);
    await Promise.all(all);
    expect(order).toEqual([['r1', 'r2', 'r3'], ['r4', 'r5', 'r6'], ['r7']]);
  });

  it('a failing row fails only its own caller: the others of its batch are written again without it, other batches never see it', async () => {
    const t = fakeTimer();
    const w = controlledWrite((rows) => rows.includes('bad'));
    const gc = groupCommit({ write: w.write, maxRows: 256, maxDelayMs: 5, timer: t.timer });
    const a = gc.submit(['a1', 'a2']);
    const bad = gc.submit(['x', 'bad']);
    const c = gc.submit(['c']);
    t.advance(5);
    const d = gc.submit(['d']); // next batch
    t.advance(5);
    expect(w.calls.map((x) => x.rows)).toEqual([['a1', 'a2', 'x', 'bad', 'c'], ['d']]);
    w.calls[0].done(); // the batch statement fails (nothing stored): each caller's rows alone
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(w.calls.slice(2).map((x) => x.rows)).toEqual([['a1', 'a2'], ['x', 'bad'], ['c']]);
    for (const call of w.calls.slice(1)) call.done();
    expect([await settled(a), await settled(bad), await settled(c), await settled(d)]).toEqual([
      'ok',
      'failed: bad: x,bad',
      'ok',
      'ok',
    ]);
  });

  it('a failed batch of one caller rejects that caller once, with the write error; flush() writes what waits', async () => {
    const t = fakeTimer();
    let writes = 0;
    const gc = groupCommit({
      write: async () => {
        writes++;
        throw new Error('connection refused');
      },
      timer: t.timer,
    });
    const a = gc.submit(['a']);
    await gc.flush();
    expect(await settled(a)).toBe('failed: connection refused');
    expect(writes).toBe(1);
    await expect(gc.submit([])).resolves.toBeUndefined(); // nothing to store: answered at once
    expect(writes).toBe(1);
  });
});

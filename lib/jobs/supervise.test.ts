import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { supervise } from './supervise';

class FakeChild extends EventEmitter {
  die(code: number | null, signal: NodeJS.Signals | null = null) {
    this.emit('exit', code, signal);
  }
}

function harness() {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  const lines: string[] = [];
  const children: FakeChild[] = [];
  const sup = supervise({
    name: 'worker',
    start: () => {
      const c = new FakeChild();
      children.push(c);
      return c;
    },
    initialMs: 1000,
    maxMs: 8000,
    resetAfterMs: 60_000,
    now: () => t,
    setTimer: (fn, ms) => timers.push({ at: t + ms, fn }),
    log: (l) => lines.push(l),
  });
  const advance = (ms: number) => {
    t += ms;
    for (const timer of timers.splice(0).filter((x) => x.at <= t || (timers.push(x), false))) timer.fn();
  };
  return { sup, lines, children, advance };
}

describe('supervise', () => {
  it('restarts a crashed child with a doubling backoff capped at the maximum, logging why', () => {
    const h = harness();
    for (let k = 0; k < 5; k++) {
      h.children[k].die(k === 1 ? null : 1, k === 1 ? 'SIGKILL' : null);
      expect(h.sup.current()).toBeNull();
      h.advance(10_000);
    }
    expect(h.children).toHaveLength(6);
    expect(h.sup.restarts()).toBe(5);
    expect(h.lines).toEqual([
      '[offerpilot] worker exited with code 1; restarting in 1 s',
      '[offerpilot] worker killed by SIGKILL; restarting in 2 s',
      '[offerpilot] worker exited with code 1; restarting in 4 s',
      '[offerpilot] worker exited with code 1; restarting in 8 s',
      '[offerpilot] worker exited with code 1; restarting in 8 s',
    ]);
  });

  it('waits the backoff before restarting, and resets it after a long healthy run', () => {
    const h = harness();
    h.children[0].die(1);
    h.advance(999);
    expect(h.children).toHaveLength(1);
    h.advance(1);
    expect(h.children).toHaveLength(2);
    h.children[1].die(1); // 2 s next
    h.advance(2000);
    h.advance(61_000); // child 2 runs for 61 s
    h.children[2].die(137);
    expect(h.lines.at(-1)).toBe('[offerpilot] worker exited with code 137; restarting in 1 s');
  });

  it('does not restart after stop()', () => {
    const h = harness();
    h.sup.stop();
    h.children[0].die(0);
    h.advance(60_000);
    expect(h.children).toHaveLength(1);
    expect(h.lines).toEqual([]);
  });
});

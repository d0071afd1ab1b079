/**
 * Keeps a child process running: when it exits (crash, kill -9, out of memory) it is started again after a
 * backoff that doubles from `initialMs` up to `maxMs`, and resets once a run lasted `resetAfterMs`. Every exit is
 * logged with its code or signal and the delay. Dependencies (spawn, clock, timers, log) are parameters, so the
 * policy is tested without processes or waiting. Used by `npm run demo` for the worker: a worker crash never
 * stops the web server.
 */
export interface Supervised {
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

export interface SuperviseOptions<C extends Supervised> {
  name: string;
  start: () => C;
  initialMs?: number;
  maxMs?: number;
  resetAfterMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  log?: (line: string) => void;
}

export interface Supervisor<C> {
  /** the child running now (null while waiting to restart) */
  current(): C | null;
  restarts(): number;
  /** stop restarting (the caller stops the current child itself) */
  stop(): void;
}

export function supervise<C extends Supervised>(opts: SuperviseOptions<C>): Supervisor<C> {
  const initialMs = opts.initialMs ?? 1000,
    maxMs = opts.maxMs ?? 30_000,
    resetAfterMs = opts.resetAfterMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const setTimer = opts.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const log = opts.log ?? ((line: string) => console.log(line));
  let child: C | null = null;
  let stopped = false;
  let delay = initialMs;
  let restarts = 0;

  const launch = () => {
    if (stopped) return;
    const startedAt = now();
    child = opts.start();
    child.once('exit', (code, signal) => {
      child = null;
      if (stopped) return;
      if (now() - startedAt >= resetAfterMs) delay = initialMs;
      const why = signal ? `killed by ${signal}` : `exited with code ${code}`;
      log(`[offerpilot] ${opts.name} ${why}; restarting in ${(delay / 1000).toFixed(delay < 1000 ? 1 : 0)} s`);
      const wait = delay;
      delay = Math.min(delay * 2, maxMs);
      setTimer(() => {
        restarts++;
        launch();
      }, wait);
    });
  };
  launch();
  return {
    current: () => child,
    restarts: () => restarts,
    stop: () => {
      stopped = true;
    },
  };
}

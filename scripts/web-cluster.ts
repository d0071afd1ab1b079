/**
 * The production web server of `npm run demo`: one `next start` per core in a Node cluster. Each worker runs the
 * unchanged `next start` CLI; its `listen()` on the port is shared through the cluster primary (this demo process),
 * which hands each new connection to the next worker in turn (round-robin) — a connection, not each request, so
 * keep-alive clients cost the primary nothing per request, and no proxy copies bytes through a third process on
 * the same cores. Each worker is supervised like the job worker (a crash restarts it with a backoff while the
 * others keep serving); if a worker exits before any has listened (bad build, port taken) `onStartFailure` is called.
 */
import type { ChildProcess } from 'node:child_process';
import cluster from 'node:cluster';
import { type Supervisor, supervise } from '../lib/jobs/supervise';

export interface WebCluster {
  /** the worker processes running now */
  processes(): ChildProcess[];
  /** stop restarting (the caller stops the processes) */
  stopSupervising(): void;
}

export function startWebCluster(o: {
  /** path of the `next` CLI script (node_modules/next/dist/bin/next) */
  nextBin: string;
  port: number;
  host: string;
  processes: number;
  env: NodeJS.ProcessEnv;
  onStartFailure: (code: number) => void;
}): WebCluster {
  // plain node for the workers: not the tsx loader this script runs under
  cluster.setupPrimary({ exec: o.nextBin, args: ['start', '-p', String(o.port), '-H', o.host], execArgv: [] });
  let listening = false;
  cluster.on('listening', () => {
    listening = true;
  });
  const env = { ...o.env, SERVER_PROCESSES: String(o.processes) };
  const supervisors: Supervisor<ChildProcess>[] = Array.from({ length: o.processes }, (_, i) =>
    supervise({
      name: `web ${i + 1}/${o.processes}`,
      start: () => {
        const child = cluster.fork(env).process;
        child.once('exit', (code) => {
          if (!listening) o.onStartFailure(code ?? 1);
        });
        return child;
      },
    }),
  );
  return {
    processes: () => supervisors.flatMap((s) => (s.current() ? [s.current() as ChildProcess] : [])),
    stopSupervising: () => {
      for (const s of supervisors) s.stop();
    },
  };
}

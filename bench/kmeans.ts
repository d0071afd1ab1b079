/**
 * Benchmark: our KMeans (TypeScript, Lloyd + greedy k-means++) vs sklearn's KMeans(algorithm='lloyd') on the
 * same seeded 50,000 × 8 data set of 8 overlapping gaussian blobs, same k = 8, n_init = 10, max_iter = 300,
 * tol = 1e-6.
 *
 *   npx tsx bench/kmeans.ts
 *
 * Needs a python3 with scikit-learn (Debian: apt-get install -y python3-sklearn). X goes to a temp folder in /tmp
 * as raw little-endian float64; python times only `fit` (median of REPEATS fits, run once with sklearn's default
 * OpenMP threads and once with OMP_NUM_THREADS=1, since ours is single-threaded; wall and CPU time) and also recomputes the inertia
 * of our centroids with numpy as a cross-check. Our time is the median of REPEATS fits in one process (the first
 * includes JIT warm-up).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { KMeans } from '../lib/ml/kmeans';
import { type Matrix, matrix } from '../lib/ml/matrix';
import { Rng } from '../lib/ml/rng';
import { findSklearnPython as findPython, median } from './support/reference';

const N = 50_000,
  D = 8,
  K = 8,
  N_INIT = 10,
  MAX_ITER = 300,
  TOL = 1e-6,
  SEED = 20240607,
  REPEATS = 5;

function makeBlobs(): { X: Matrix; blob: Int32Array } {
  const rng = new Rng(SEED);
  const centres = Array.from({ length: K }, () => Array.from({ length: D }, () => 3 * rng.normal()));
  const X = new Float64Array(N * D),
    blob = new Int32Array(N);
  for (let i = 0; i < N; i++) {
    const c = rng.int(K);
    blob[i] = c;
    for (let j = 0; j < D; j++) X[i * D + j] = centres[c][j] + 1.5 * rng.normal();
  }
  return { X: matrix(X, N, D), blob };
}

const PY = String.raw`
import json, sys, time, os
import numpy as np
import sklearn
from sklearn.cluster import KMeans
d, n, D, k, n_init, max_iter, tol, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8])
X = np.fromfile(os.path.join(d, 'X.f64'), dtype='<f8').reshape(n, D)
C = np.fromfile(os.path.join(d, 'C_ours.f64'), dtype='<f8').reshape(k, D)
ours_inertia = float(((X[:, None, :] - C[None, :, :]) ** 2).sum(-1).min(1).sum())
times, cpu = [], []
for r in range(repeats):
    m = KMeans(n_clusters=k, init='k-means++', n_init=n_init, max_iter=max_iter, tol=tol, algorithm='lloyd', random_state=r)
    t, c = time.perf_counter(), time.process_time(); m.fit(X)
    times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
print(json.dumps({'sklearn': sklearn.__version__, 'fitSeconds': sorted(times)[len(times) // 2], 'cpuSeconds': sorted(cpu)[len(cpu) // 2], 'inertia': float(m.inertia_),
                  'nIter': int(m.n_iter_), 'oursInertiaNumpy': ours_inertia}))
`;

interface PyOut {
  sklearn: string;
  fitSeconds: number;
  cpuSeconds: number;
  inertia: number;
  nIter: number;
  oursInertiaNumpy: number;
}

function runPython(python: string, dir: string, threads: string | null): PyOut {
  const env = { ...process.env };
  if (threads) env.OMP_NUM_THREADS = threads;
  const args = [
    '-c',
    PY,
    dir,
    String(N),
    String(D),
    String(K),
    String(N_INIT),
    String(MAX_ITER),
    String(TOL),
    String(REPEATS),
  ];
  const res = spawnSync(python, args, { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`python failed: ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop()!) as PyOut;
}

function main(): void {
  const python = findPython();
  const loadBefore = loadavg();
  const { X } = makeBlobs();
  console.log(
    `data: ${N} × ${D}, ${K} gaussian blobs (centres ~ N(0, 3²), spread 1.5), k = ${K}, n_init = ${N_INIT}, max_iter = ${MAX_ITER}, tol = ${TOL}; ${cpus().length} CPUs`,
  );
  const times: number[] = [],
    cpu: number[] = [];
  let fit = null as ReturnType<KMeans['fit']> | null;
  for (let r = 0; r < REPEATS; r++) {
    const model = new KMeans({ k: K, nInit: N_INIT, maxIter: MAX_ITER, tol: TOL, seed: r });
    const t = performance.now(),
      c = process.cpuUsage();
    fit = model.fit(X);
    times.push((performance.now() - t) / 1000);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
  }
  const ours = { seconds: median(times), cpuSeconds: median(cpu), inertia: fit!.inertia, iterations: fit!.iterations };
  const dir = mkdtempSync(path.join(tmpdir(), 'kmeans-bench-'));
  try {
    writeFileSync(path.join(dir, 'X.f64'), new Uint8Array(X.data.buffer));
    writeFileSync(path.join(dir, 'C_ours.f64'), new Uint8Array(fit!.centroids.data.buffer));
    const skDefault = runPython(python, dir, null);
    const skOne = runPython(python, dir, '1');
    console.log(
      `python: ${python}, scikit-learn ${skDefault.sklearn}; fit time = median of ${REPEATS} fits (seeds 0..${REPEATS - 1})`,
    );
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(', ')} (other processes on a ${cpus().length}-CPU machine distort wall times; CPU time is steadier)`,
    );
    console.log(
      `${'ours'.padEnd(28)} fit ${ours.seconds.toFixed(3)} s (CPU ${ours.cpuSeconds.toFixed(3)} s)   inertia ${ours.inertia.toFixed(4)} (numpy recomputation ${skDefault.oursInertiaNumpy.toFixed(4)})   iterations of best restart ${ours.iterations}`,
    );
    for (const [name, sk] of [
      ['sklearn (default threads)', skDefault],
      ['sklearn (OMP_NUM_THREADS=1)', skOne],
    ] as const) {
      console.log(
        `${name.padEnd(28)} fit ${sk.fitSeconds.toFixed(3)} s (CPU ${sk.cpuSeconds.toFixed(3)} s)   inertia ${sk.inertia.toFixed(4)}   n_iter ${sk.nIter}   ratio ours/sklearn wall ${(ours.seconds / sk.fitSeconds).toFixed(2)}×, CPU ${(ours.cpuSeconds / sk.cpuSeconds).toFixed(2)}×   inertia ours − sklearn ${(ours.inertia - sk.inertia).toExponential(3)} (relative ${((ours.inertia - sk.inertia) / sk.inertia).toExponential(2)})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();

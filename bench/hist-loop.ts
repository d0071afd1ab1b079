/**
 * The histogram loop alone, ns per bin update, on 160,000 rows × 20 features of uint8 bins (skewed, seeded): the
 * WebAssembly loop the grower runs (lib/ml/hist-loops.wat) beside the same loop written in TypeScript on typed arrays
 * and, in the same run on the same bins and g/h, sklearn's Cython HistogramBuilder (1 thread). Two cases: the root
 * (all rows, in order) and a node of a quarter of the rows (ascending, as the grower's stable partition keeps
 * them; for sklearn the time includes its gather of the node's g/h, ours is done before the loop).
 *   npx tsx bench/hist-loop.ts
 * Needs /usr/bin/python3 with scikit-learn (Debian python3-sklearn). Medians of 5 timed repetitions of ~2·10^8
 * updates each; the two loops' histograms must be equal. Last measured (2026-11-30, quiet machine, others on 0.04
 * cores): root WebAssembly 1.34, TypeScript 7.09, sklearn 1.66; node of 1/4 WebAssembly 1.87, TypeScript 10.68,
 * sklearn 1.83 (ns per update; the grower's old TypeScript loop, five features per pass, ran 4.2–5.1 in a scratch
 * run, and the same loop in C with gcc -O2 1.73 at the root).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allocateBuffers, histogramViews, loopsOn } from '../lib/ml/hist-builder';
import { Rng } from '../lib/ml/rng';
import { describeLoad, machineLoad, sampleCpu } from './support/machine-load';
import { findSklearnPython, median } from './support/reference';

const n = 160_000,
  d = 20,
  UPDATES = 2e8,
  REPS = 5;
const rng = new Rng(17);
const bins = Uint8Array.from({ length: n * d }, () => Math.floor(rng.next() * rng.next() * 255));
const offsets = Int32Array.from({ length: d + 1 }, (_, f) => 256 * f);
const buf = allocateBuffers(bins, n, offsets, 1);
const [hist] = histogramViews(buf);
for (let i = 0; i < 2 * n; i++) buf.ghOrd[i] = i % 2 ? 0.05 + 0.2 * rng.next() : rng.next() - 0.5;
const all = Int32Array.from({ length: n }, (_, i) => i);
const quarter = Int32Array.from(rng.shuffle(all.slice()).subarray(0, n / 4)).sort();
const loops = loopsOn(buf.memory);

/** The same loop in TypeScript: one feature at a time, (Σg, Σh, count) per bin. */
function typescriptLoop(rows: Int32Array, m: number, identity: boolean, out: Float64Array) {
  const { ghOrd } = buf;
  out.fill(0);
  for (let f = 0; f < d; f++) {
    const c = f * n,
      b = 3 * offsets[f];
    for (let k = 0; k < m; k++) {
      const q = b + 3 * bins[c + (identity ? k : rows[k])];
      out[q] += ghOrd[2 * k];
      out[q + 1] += ghOrd[2 * k + 1];
      out[q + 2] += 1;
    }
  }
}

function nsPerUpdate(m: number, run: () => void): number {
  const calls = Math.max(1, Math.round(UPDATES / (m * d)));
  for (let w = 0; w < 3; w++) run();
  const times: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t = performance.now();
    for (let c = 0; c < calls; c++) run();
    times.push(((performance.now() - t) * 1e6) / (calls * m * d));
  }
  return median(times);
}

const tsOut = new Float64Array(hist.length);
const results: Record<string, Record<string, number>> = {};
const before = sampleCpu(),
  cpu0 = process.cpuUsage(),
  t0 = performance.now();
for (const [label, rows, identity] of [
  ['root', all, true],
  ['node of 1/4', quarter, false],
] as const) {
  buf.rows.set(rows);
  const m = rows.length;
  const wasm = () =>
    loops.histogram(
      buf.bins.byteOffset,
      n,
      buf.rows.byteOffset,
      buf.ghOrd.byteOffset,
      0,
      m,
      0,
      d,
      buf.offsets.byteOffset,
      hist.byteOffset,
      identity ? 1 : 0,
    );
  const ts = () => typescriptLoop(rows, m, identity, tsOut);
  results[label] = { webassembly: nsPerUpdate(m, wasm), typescript: nsPerUpdate(m, ts) };
  wasm();
  ts();
  if (!hist.every((v, i) => v === tsOut[i])) throw new Error(`${label}: the two loops disagree`);
}

const own = process.cpuUsage(cpu0);
const tsLoad = describeLoad(
  machineLoad(before, sampleCpu(), (own.user + own.system) / 1e6, (performance.now() - t0) / 1000),
);

// sklearn, same bins and g/h (its gradients are float32; its sums float64, like ours)
const dir = mkdtempSync(path.join(tmpdir(), 'hist-loop-'));
try {
  writeFileSync(path.join(dir, 'bins.u8'), bins);
  writeFileSync(path.join(dir, 'gh.f64'), new Uint8Array(buf.ghOrd.slice().buffer));
  writeFileSync(path.join(dir, 'quarter.i32'), new Uint8Array(quarter.buffer));
  const py = `
import numpy as np, time, sys, json
from sklearn.ensemble._hist_gradient_boosting.histogram import HistogramBuilder
n, d, U, R = ${n}, ${d}, ${UPDATES}, ${REPS}
X = np.asfortranarray(np.fromfile('${dir}/bins.u8', np.uint8).reshape(d, n).T)
gh = np.fromfile('${dir}/gh.f64', np.float64)
g = gh[0::2].astype(np.float32); h = gh[1::2].astype(np.float32)
q = np.fromfile('${dir}/quarter.i32', np.int32).astype(np.uint32)
hb = HistogramBuilder(X, 256, g, h, False, 1)
out = {}
for label, idx in (('root', np.arange(n, dtype=np.uint32)), ('node of 1/4', q)):
    calls = max(1, round(U / (len(idx) * d)))
    for _ in range(3): hb.compute_histograms_brute(idx)
    ts = []
    for _ in range(R):
        t = time.perf_counter()
        for _ in range(calls): hb.compute_histograms_brute(idx)
        ts.append((time.perf_counter() - t) * 1e9 / (calls * len(idx) * d))
    out[label] = sorted(ts)[R // 2]
print(json.dumps(out))
`;
  const r = spawnSync(findSklearnPython(), ['-c', py], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (r.status !== 0) throw new Error(`sklearn anchor failed: ${r.stderr}`);
  const sk = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  for (const label of Object.keys(results)) results[label].sklearn = sk[label];
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(`histogram loop, ${n.toLocaleString('en')} rows × ${d} features, ns per bin update (median of ${REPS})`);
for (const [label, r] of Object.entries(results))
  console.log(
    `  ${label.padEnd(12)} WebAssembly ${r.webassembly.toFixed(2)}  TypeScript ${r.typescript.toFixed(2)} (${(r.typescript / r.webassembly).toFixed(2)}×)  sklearn ${r.sklearn.toFixed(2)} (WebAssembly / sklearn ${(r.webassembly / r.sklearn).toFixed(2)}×)`,
  );
console.log(`  machine during our runs: ${tsLoad}`);

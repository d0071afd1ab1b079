/**
 * One timed fit of OUR GradientBoostingClassifier in its own process (so its peak RSS is its own), run by
 * bench/gbdt-vs-sklearn.ts:  node --import tsx bench/support/gbdt-fit-child.ts <dir> <threads> [seed]
 * (seed: the binning subsample's; GBDT_PARAMS' default when absent)
 * Reads <dir>/{X.f64, y.f64, train.i32, test.i32, meta.json}; prints one JSON line: fit seconds (fit only), holdout
 * AUC, trees, peak RSS, the process's CPU seconds and the CPU seconds of the fit alone (all threads, fitCpuSeconds);
 * writes the holdout probabilities to <dir>/p_ours_<threads>.f64.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GradientBoostingClassifier } from '../../lib/ml/gbdt';
import { matrix, takeRows, takeValues } from '../../lib/ml/matrix';
import { rocAuc } from '../../lib/ml/metrics';
import { GBDT_PARAMS } from './gbdt-problem';

const [dir, threadsArg, seedArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { n: number; d: number };
const f64 = (name: string) => {
  const b = readFileSync(path.join(dir, name));
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
const i32 = (name: string) => {
  const b = readFileSync(path.join(dir, name));
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const X = matrix(Float64Array.from(f64('X.f64')), meta.n, meta.d);
const y = Float64Array.from(f64('y.f64'));
const train = i32('train.i32'),
  test = i32('test.i32');
const Xtr = takeRows(X, train),
  ytr = takeValues(y, train);
const Xte = takeRows(X, test),
  yte = takeValues(y, test);
const cpu0 = process.cpuUsage(),
  t0 = performance.now();
const params = seedArg === undefined ? GBDT_PARAMS : { ...GBDT_PARAMS, seed: Number(seedArg) };
const m = new GradientBoostingClassifier(params, { threads }).fit(Xtr, ytr);
const fitSeconds = (performance.now() - t0) / 1000;
const fitCpu = process.cpuUsage(cpu0);
const p = m.predictProba(Xte);
writeFileSync(path.join(dir, `p_ours_${threads}.f64`), new Uint8Array(p.buffer));
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    fitSeconds,
    auc: rocAuc(yte, p),
    nTrees: m.trees.length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    fitCpuSeconds: (fitCpu.user + fitCpu.system) / 1e6,
  }),
);

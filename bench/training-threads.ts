/**
 * Benchmark: one training job's model search (trainAndEvaluate: every grid candidate × fold, the refit, the
 * T-learner fits and the uplift report) on the compute pool with 1 thread vs 2 threads, same data, same job, side
 * by side. Both runs must choose and score identically (checked). The anchor is the 1-thread run; the ratio is the
 * speed-up from threads. Machine load is printed: on a shared 2-core machine the ratio is bounded by idle cores.
 *
 *   npx tsx bench/training-threads.ts [rows]      (default 20,000 rows × 16 features, 3 folds)
 */
import { cpus, loadavg } from 'node:os';
import { ThreadPool } from '../lib/compute/thread-pool';
import { matrix } from '../lib/ml/matrix';
import { Rng } from '../lib/ml/rng';
import { shareTrainingSet } from '../lib/training/fit-task';
import { type TrainRequest, trainAndEvaluate } from '../lib/training/train-and-evaluate';

const N = Number(process.argv[2] ?? 20_000),
  D = 16,
  DISCOUNT = 14;

// y ~ Bernoulli(sigmoid(non-linear score + discount effect)); column 14 is a discount level in {0, 5, 10, 15, 20}
const rng = new Rng(17);
const data = new Float64Array(N * D);
const y = new Float64Array(N);
for (let i = 0; i < N; i++) {
  const row = Array.from({ length: D }, () => rng.normal());
  row[DISCOUNT] = 5 * rng.int(5);
  row[15] = rng.int(4);
  const z = row[0] - 0.7 * row[1] + 0.5 * row[2] * row[3] + 0.06 * row[DISCOUNT] * (row[4] > 0 ? 1 : 0.3) - 1.5;
  data.set(row, i * D);
  y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
}
const X = matrix(data, N, D);
const shared = shareTrainingSet(X, y);
const job: TrainRequest = {
  X,
  y,
  categoricalColumns: [15],
  discountColumn: DISCOUNT,
  folds: 3,
  holdoutFraction: 0.2,
  seed: 42,
  algorithms: [
    { name: 'logistic-regression', grid: { l2: [0.1, 1, 10] } },
    { name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [15, 31], nEstimators: [100] } },
    { name: 'random-forest', grid: { nEstimators: [40], maxDepth: [8] } },
  ],
};

async function timed(threads: number) {
  const pool = new ThreadPool({ size: threads });
  // start the threads (they compile their TypeScript once) before timing
  await Promise.all(
    Array.from({ length: threads }, () =>
      pool.run('training.fit', {
        ...shared,
        algorithm: 'logistic-regression',
        params: { l2: 1 },
        seed: 1,
        categoricalColumns: [],
        trainRows: Int32Array.from({ length: 100 }, (_, i) => i),
        predictRows: [],
        keepModel: false,
      }),
    ),
  );
  const t0 = performance.now();
  const results = await trainAndEvaluate({
    ...job,
    fit: (t, s) => pool.run('training.fit', { ...t, ...shared }, { signal: s }),
    uplift: (t, s) => pool.run('training.uplift', { ...t, ...shared }, { signal: s }),
  });
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return { seconds, results };
}

async function main() {
  const fits = job.algorithms.length + 3 * (3 + 2 + 1);
  console.log(
    `training-threads: ${N.toLocaleString('en')} rows × ${D}, 3 folds, ${fits} CV/refit fits + T-learner fits; ` +
      `${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at start`,
  );
  const rounds: { one: number; two: number }[] = [];
  let same = true;
  for (let r = 0; r < 2; r++) {
    const one = await timed(1);
    const two = await timed(2);
    const strip = (x: typeof one.results) => JSON.stringify(x.map(({ trainSeconds: _s, ...rest }) => rest));
    same &&= strip(one.results) === strip(two.results);
    rounds.push({ one: one.seconds, two: two.seconds });
    console.log(
      `  round ${r + 1}: 1 thread ${one.seconds.toFixed(1)} s | 2 threads ${two.seconds.toFixed(1)} s | ` +
        `speed-up ×${(one.seconds / two.seconds).toFixed(2)}`,
    );
  }
  const best = (k: 'one' | 'two') => Math.min(...rounds.map((x) => x[k]));
  console.log(
    `best of ${rounds.length}: 1 thread ${best('one').toFixed(1)} s, 2 threads ${best('two').toFixed(1)} s, ` +
      `speed-up ×${(best('one') / best('two')).toFixed(2)}; identical models and metrics: ${same ? 'yes' : 'NO'}; ` +
      `load average ${loadavg()[0].toFixed(1)} at end`,
  );
  if (!same) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

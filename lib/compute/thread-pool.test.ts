import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { type FitTask, fitInProcess, shareTrainingSet } from '../training/fit-task';
import { type TrainRequest, trainAndEvaluate } from '../training/train-and-evaluate';
import { ThreadPool } from './thread-pool';

// y ~ Bernoulli(sigmoid(x0 − x1)), with a 3-level categorical column
const rng = new Rng(5);
const n = 1200;
const data = new Float64Array(n * 3);
const y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const x0 = rng.normal(),
    x1 = rng.normal();
  data.set([x0, x1, rng.int(3)], i * 3);
  y[i] = rng.next() < 1 / (1 + Math.exp(-(x0 - x1))) ? 1 : 0;
}
const X = matrix(data, n, 3);
const shared = shareTrainingSet(X, y);
const pool = new ThreadPool({ size: 2 });
afterAll(() => pool.close());

const rows = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, k) => from + k);
const tiny: FitTask = {
  algorithm: 'logistic-regression',
  params: { l2: 1 },
  seed: 1,
  categoricalColumns: [],
  trainRows: rows(0, 50),
  predictRows: [],
  keepModel: false,
};

// threads compile their TypeScript on start (seconds on a busy machine): start both before timing anything
beforeAll(async () => {
  await Promise.all([
    pool.run('training.fit', { ...tiny, ...shared }),
    pool.run('training.fit', { ...tiny, ...shared }),
  ]);
}, 60_000);

describe('ThreadPool running training fits', { timeout: 60_000 }, () => {
  it('gives exactly the numbers of an in-process fit, on two threads at once', async () => {
    const task: FitTask = {
      algorithm: 'gbdt',
      params: { learningRate: 0.1, maxLeaves: 7, nEstimators: 40 },
      seed: 3,
      categoricalColumns: [2],
      trainRows: rows(0, 900),
      predictRows: [rows(900, 1200)],
      keepModel: true,
    };
    const other: FitTask = { ...task, algorithm: 'logistic-regression', params: { l2: 1 } };
    const [a, b] = await Promise.all([
      pool.run('training.fit', { ...task, ...shared }),
      pool.run('training.fit', { ...other, ...shared }),
    ]);
    expect(pool.threads).toBe(2);
    const local = fitInProcess(X, y);
    expect(a.predictions[0]).toEqual((await local(task)).predictions[0]);
    expect(b.predictions[0]).toEqual((await local(other)).predictions[0]);
    expect(a.pipeline).toEqual((await local(task)).pipeline);
  });

  it('trainAndEvaluate chooses and scores the same on the pool as on this thread', async () => {
    const req: TrainRequest = {
      X,
      discountColumn: 2, // the categorical column doubles as a 'discount' level: exercises the uplift report
      y,
      categoricalColumns: [2],
      folds: 3,
      holdoutFraction: 0.25,
      seed: 9,
      algorithms: [
        { name: 'logistic-regression', grid: { l2: [0.1, 100] } },
        { name: 'decision-tree', grid: { maxDepth: [2, 4] } },
      ],
    };
    const here = await trainAndEvaluate(req);
    const there = await trainAndEvaluate({
      ...req,
      fit: (t, s) => pool.run('training.fit', { ...t, ...shared }, { signal: s }),
      uplift: (t, s) => pool.run('training.uplift', { ...t, ...shared }, { signal: s }),
    });
    const strip = (r: typeof here) => r.map(({ trainSeconds: _t, ...rest }) => rest);
    expect(strip(there)).toEqual(strip(here));
    expect(here.map((r) => r.candidates.length)).toEqual([2, 2]);
    expect(here.map((r) => r.uplift?.map((u) => [u.discountPct, u.tLearnerAuuc !== undefined]))).toEqual([
      [
        [1, true],
        [2, true],
      ],
      [
        [1, true],
        [2, true],
      ],
    ]);
  });

  it('stops a running fit inside its loop when the signal aborts, rejecting with the reason', async () => {
    const ac = new AbortController();
    const long: FitTask = {
      algorithm: 'mlp',
      params: { hidden: [256, 256], learningRate: 0.0001 },
      seed: 1,
      categoricalColumns: [2],
      trainRows: rows(0, 1200),
      predictRows: [],
      keepModel: false,
    };
    const reason = new Error('stop now');
    const p = pool.run('training.fit', { ...long, ...shared }, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    ac.abort(reason);
    await expect(p).rejects.toBe(reason);
    expect(performance.now() - t0).toBeLessThan(2000);
    // the thread is free again (not terminated): the next task runs
    const after = await pool.run('training.fit', {
      ...long,
      ...shared,
      algorithm: 'logistic-regression',
      params: { l2: 1 },
      predictRows: [rows(0, 3)],
    });
    expect(after.predictions[0]).toHaveLength(3);
  });

  it('rejects a task aborted before it started without running it', async () => {
    const ac = new AbortController();
    ac.abort(new Error('too late'));
    await expect(pool.run('training.fit', { ...tiny, ...shared }, { signal: ac.signal })).rejects.toThrow('too late');
  });
});

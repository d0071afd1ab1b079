import type { Matrix } from '../ml/matrix';
import { takeValues } from '../ml/matrix';
import {
  accuracy,
  brierScore,
  f1,
  liftByDecile,
  logLoss,
  precision,
  recall,
  reliabilityCurve,
  rocAuc,
  rocCurve,
} from '../ml/metrics';
import { expandGrid, stratifiedKFold, trainTestSplit } from '../ml/model-selection';
import type { AlgorithmName } from './algorithms';
import { type FitTask, type FitTaskOutput, fitInProcess, runUpliftTask, type UpliftTaskInput } from './fit-task';
import { ModelPipeline, type PipelineJson } from './pipeline';
import type { TreatmentSpec, UpliftAtLevel } from './uplift-report';

/**
 * Model selection and evaluation for one training job, framework-free: a stratified holdout is set aside;
 * each algorithm's grid is searched with stratified k-fold cross-validation on the rest (AUC), the best
 * candidate is refitted on all non-holdout rows and evaluated once on the holdout. The decision threshold is
 * the one that maximises F1 on the best candidate's out-of-fold predictions (never tuned on the holdout).
 * Fits are independent tasks (`req.fit` may run them on other threads, in parallel); results do not depend on
 * how many run at once. `onProgress` is awaited after every fold, so a caller can report progress and stop (by
 * throwing); `signal` stops the fits themselves.
 */
export interface TrainRequest {
  X: Matrix;
  y: Float64Array;
  categoricalColumns: number[];
  algorithms: { name: AlgorithmName; grid: Record<string, unknown[]> }[];
  folds: number;
  holdoutFraction: number;
  seed: number;
  /** column holding the offered discount: enables the uplift (Qini / AUUC) report on the holdout */
  discountColumn?: number;
  /** aborting stops every fit in progress (inside its loops) and rejects with the signal's reason */
  signal?: AbortSignal;
  /** runs one fit (default: on this thread); a worker passes a thread pool's runner */
  fit?: (task: FitTask, signal?: AbortSignal) => Promise<FitTaskOutput>;
  /** computes one uplift report (default: on this thread) */
  uplift?: (task: Omit<UpliftTaskInput, 'X' | 'y'>, signal?: AbortSignal) => Promise<UpliftAtLevel[]>;
  /** treatments named by arm (or any column with a control value); takes precedence over `discountColumn` */
  treatment?: TreatmentSpec;
  onProgress?: (p: {
    fraction: number;
    stage: string;
    message?: string;
    point?: Record<string, number>;
  }) => Promise<void>;
}

export interface AlgorithmResult {
  algorithm: AlgorithmName;
  bestParams: Record<string, unknown>;
  candidates: { params: Record<string, unknown>; meanAuc: number; stdAuc: number; foldAuc: number[] }[];
  threshold: number;
  metrics: HoldoutMetrics;
  curves: {
    roc: { fpr: number; tpr: number }[];
    calibration: { meanPredicted: number; fractionPositive: number; count: number }[];
    lift: { decile: number; rate: number; lift: number; cumulativeGain: number }[];
    learning?: { epoch: number; trainLoss: number; validationLoss: number | null }[];
  };
  pipeline: PipelineJson;
  trainSeconds: number;
  uplift?: UpliftAtLevel[];
}

export interface HoldoutMetrics {
  auc: number;
  logLoss: number;
  brier: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  baseRate: number;
  nTrain: number;
  nHoldout: number;
}

export async function trainAndEvaluate(req: TrainRequest): Promise<AlgorithmResult[]> {
  // one controller for the whole search: the caller's signal, or the first failing fit, stops every other fit
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort(req.signal?.reason);
  if (req.signal?.aborted) onOuterAbort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const fitOne = req.fit ?? fitInProcess(req.X, req.y);
  const runFit = (task: FitTask) =>
    fitOne(task, stop.signal).catch((err) => {
      if (!stop.signal.aborted) stop.abort(err);
      throw stop.signal.reason;
    });
  const upliftOne =
    req.uplift ??
    (async (task: Omit<UpliftTaskInput, 'X' | 'y'>) => runUpliftTask({ ...task, X: req.X, y: req.y }, stop.signal));
  const uplift = (task: Omit<UpliftTaskInput, 'X' | 'y'>) =>
    upliftOne(task, stop.signal).catch((err) => {
      if (!stop.signal.aborted) stop.abort(err);
      throw stop.signal.reason;
    });
  try {
    return await search(req, runFit, uplift, stop);
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}

type Fit = (task: FitTask) => Promise<FitTaskOutput>;

async function search(
  req: TrainRequest,
  runFit: Fit,
  uplift: (task: Omit<UpliftTaskInput, 'X' | 'y'>) => Promise<UpliftAtLevel[]>,
  stop: AbortController,
): Promise<AlgorithmResult[]> {
  const { X, y, folds, seed } = req;
  const split = trainTestSplit(y, req.holdoutFraction, seed, true);
  const ytr = takeValues(y, split.train);
  const yho = takeValues(y, split.test);
  // folds index the training rows; tasks name rows of X
  const cv = stratifiedKFold(ytr, folds, seed);
  const inX = (rows: Int32Array) => Int32Array.from(rows, (r) => split.train[r]);
  const plan = req.algorithms.map((a) => ({
    ...a,
    candidates: expandGrid(a.grid as Record<string, readonly unknown[]>) as Record<string, unknown>[],
  }));
  const totalFits = plan.reduce((s, a) => s + a.candidates.length * folds + 1, 0);
  let fits = 0;
  const tick = async (stage: string, message?: string, point?: Record<string, number>) => {
    fits++;
    stop.signal.throwIfAborted();
    try {
      await req.onProgress?.({ fraction: fits / totalFits, stage, message, point });
    } catch (err) {
      if (!stop.signal.aborted) stop.abort(err);
      throw stop.signal.reason;
    }
  };
  const base = { seed, categoricalColumns: req.categoricalColumns };

  const results: AlgorithmResult[] = [];
  const treatment: TreatmentSpec | undefined =
    req.treatment ?? (req.discountColumn !== undefined ? { column: req.discountColumn, control: 0 } : undefined);
  for (const a of plan) {
    const started = performance.now();
    // every (candidate, fold) fit at once: the fit runner decides how many run in parallel
    const foldResults = await Promise.all(
      a.candidates.flatMap((params) =>
        cv.map(async ({ train, test }, f) => {
          const out = await runFit({
            ...base,
            algorithm: a.name,
            params,
            trainRows: inX(train),
            predictRows: [inX(test)],
            keepModel: false,
          });
          const pred = out.predictions[0];
          const auc = rocAuc(takeValues(ytr, test), pred);
          await tick(
            `cv:${a.name}`,
            `${a.name} ${JSON.stringify(params)} fold ${f + 1}/${cv.length}: AUC ${auc.toFixed(4)}`,
            { fold: f + 1, auc },
          );
          return { pred, auc };
        }),
      ),
    );
    const candidates: AlgorithmResult['candidates'] = [];
    let bestIndex = 0;
    const oofs = a.candidates.map((params, c) => {
      const oof = new Float64Array(ytr.length);
      const foldAuc: number[] = [];
      cv.forEach(({ test }, f) => {
        const { pred, auc } = foldResults[c * cv.length + f];
        test.forEach((row, k) => {
          oof[row] = pred[k];
        });
        foldAuc.push(auc);
      });
      const meanAuc = foldAuc.reduce((s, v) => s + v, 0) / foldAuc.length;
      const stdAuc = Math.sqrt(foldAuc.reduce((s, v) => s + (v - meanAuc) ** 2, 0) / foldAuc.length);
      candidates.push({ params, meanAuc, stdAuc, foldAuc });
      if (meanAuc > candidates[bestIndex].meanAuc) bestIndex = c;
      return oof;
    });
    const bestParams = a.candidates[bestIndex];
    const threshold = bestF1Threshold(ytr, oofs[bestIndex]);
    // the refit on all training rows, and the T-learner's fits per treatment value, in parallel
    const tl = treatment ? tLearnerRows(X, y, split, treatment) : null;
    const fitOn = (trainRows: Int32Array, keepModel: boolean) =>
      runFit({ ...base, algorithm: a.name, params: bestParams, trainRows, predictRows: [split.test], keepModel });
    const [final, control, ...treated] = await Promise.all([
      fitOn(split.train, true),
      tl?.control ? fitOn(tl.control, false) : null,
      ...(tl?.control ? tl.treated.map((t) => (t.rows ? fitOn(t.rows, false) : null)) : []),
    ]);
    if (!final?.pipeline) throw new Error('the final fit returned no model');
    const pipeline = ModelPipeline.fromJSON(final.pipeline);
    const p = final.predictions[0];
    const metrics: HoldoutMetrics = {
      auc: rocAuc(yho, p),
      logLoss: logLoss(yho, p),
      brier: brierScore(yho, p),
      accuracy: accuracy(yho, p, threshold),
      precision: precision(yho, p, threshold),
      recall: recall(yho, p, threshold),
      f1: f1(yho, p, threshold),
      baseRate: yho.reduce((s, v) => s + v, 0) / yho.length,
      nTrain: ytr.length,
      nHoldout: yho.length,
    };
    await tick(
      `holdout:${a.name}`,
      `${a.name} best ${JSON.stringify(bestParams)}: holdout AUC ${metrics.auc.toFixed(4)}`,
      { auc: metrics.auc },
    );
    const pc = control?.predictions[0];
    const tLearner = (tl?.treated ?? []).flatMap((t, k) => {
      const pt = treated[k]?.predictions[0];
      return pt && pc ? [{ level: t.level, uplift: Float64Array.from(pt, (v, i) => v - pc[i]) }] : [];
    });
    const upliftAtLevels = treatment
      ? await uplift({ pipeline: final.pipeline, holdoutRows: split.test, treatment, tLearner })
      : undefined;
    results.push({
      algorithm: a.name,
      bestParams,
      candidates,
      threshold,
      metrics,
      curves: {
        roc: downsampleRoc(rocCurve(yho, p)),
        calibration: reliabilityCurve(yho, p, 10).map((b) => ({
          meanPredicted: b.meanPredicted,
          fractionPositive: b.fractionPositive,
          count: b.count,
        })),
        lift: liftByDecile(yho, p).map((d) => ({
          decile: d.decile,
          rate: d.rate,
          lift: d.lift,
          cumulativeGain: d.cumulativeGain,
        })),
        ...(final.learning?.length ? { learning: final.learning } : {}),
      },
      pipeline: pipeline.toJSON(),
      trainSeconds: (performance.now() - started) / 1000,
      ...(upliftAtLevels ? { uplift: upliftAtLevels } : {}),
    });
  }
  return results;
}

/**
/**
 * Training rows of the T-learner for each treatment value D of the holdout (a discount level, or an arm's code):
 * one model is fitted on the rows given D, one on the control rows; uplift = p_D(x) − p_control(x). A group too
 * small or with a single outcome gets no fit.
 */
function tLearnerRows(
  X: Matrix,
  y: Float64Array,
  split: { train: Int32Array; test: Int32Array },
  treatment: TreatmentSpec,
): { control: Int32Array | null; treated: { level: number; rows: Int32Array | null }[] } {
  const at = (i: number) => X.data[i * X.cols + treatment.column];
  const usable = (r: Int32Array) => r.length >= 50 && r.some((i) => y[i] === 1) && r.some((i) => y[i] === 0);
  const rowsAt = (d: number) => {
    const r = split.train.filter((i) => at(i) === d);
    return usable(r) ? r : null;
  };
  const levels = [...new Set(Array.from(split.test, at))]
    .filter((d) => d !== treatment.control && d >= 0)
    .sort((a, b) => a - b);
  return { control: rowsAt(treatment.control), treated: levels.map((level) => ({ level, rows: rowsAt(level) })) };
}

/** The threshold (among the predicted values) with the highest F1 on (y, p). */
export function bestF1Threshold(y: Float64Array, p: Float64Array): number {
  const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a]);
  const positives = y.reduce((s, v) => s + v, 0);
  let tp = 0,
    bestF1 = -1,
    best = 0.5;
  for (let k = 0; k < order.length; k++) {
    tp += y[order[k]];
    if (k + 1 < order.length && p[order[k + 1]] === p[order[k]]) continue; // ties decide together
    const f = (2 * tp) / (k + 1 + positives);
    if (f > bestF1) {
      bestF1 = f;
      best = p[order[k]];
    }
  }
  return best;
}

function downsampleRoc(r: { fpr: Float64Array; tpr: Float64Array }, maxPoints = 200): { fpr: number; tpr: number }[] {
  const n = r.fpr.length;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const out: { fpr: number; tpr: number }[] = [];
  for (let i = 0; i < n; i += step) out.push({ fpr: r.fpr[i], tpr: r.tpr[i] });
  if ((n - 1) % step !== 0) out.push({ fpr: r.fpr[n - 1], tpr: r.tpr[n - 1] });
  return out;
}

import type { Matrix } from '../ml/matrix';
import { takeRows, takeValues } from '../ml/matrix';
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
import { ALGORITHMS, type AlgorithmName } from './algorithms';
import { ModelPipeline, type PipelineJson } from './pipeline';
import { type UpliftAtLevel, upliftReport } from './uplift-report';

/**
 * Model selection and evaluation for one training job, framework-free: a stratified holdout is set aside;
 * each algorithm's grid is searched with stratified k-fold cross-validation on the rest (AUC), the best
 * candidate is refitted on all non-holdout rows and evaluated once on the holdout. The decision threshold is
 * the one that maximises F1 on the best candidate's out-of-fold predictions (never tuned on the holdout).
 * `onProgress` is awaited after every fold, so a caller can report progress and stop (by throwing).
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
  const { X, y, folds, seed } = req;
  const split = trainTestSplit(y, req.holdoutFraction, seed, true);
  const Xtr = takeRows(X, split.train),
    ytr = takeValues(y, split.train);
  const Xho = takeRows(X, split.test),
    yho = takeValues(y, split.test);
  const cv = stratifiedKFold(ytr, folds, seed);
  const plan = req.algorithms.map((a) => ({
    ...a,
    candidates: expandGrid(a.grid as Record<string, readonly unknown[]>) as Record<string, unknown>[],
  }));
  const totalFits = plan.reduce((s, a) => s + a.candidates.length * folds + 1, 0);
  let fits = 0;
  const tick = async (stage: string, message?: string, point?: Record<string, number>) => {
    fits++;
    await req.onProgress?.({ fraction: fits / totalFits, stage, message, point });
  };

  const results: AlgorithmResult[] = [];
  for (const a of plan) {
    const spec = ALGORITHMS[a.name];
    const started = performance.now();
    let best: { params: Record<string, unknown>; meanAuc: number; oof: Float64Array } | null = null;
    const candidates: AlgorithmResult['candidates'] = [];
    for (const params of a.candidates) {
      const oof = new Float64Array(ytr.length);
      const foldAuc: number[] = [];
      for (let f = 0; f < cv.length; f++) {
        const { train, test } = cv[f];
        const p = ModelPipeline.fit(
          spec.create(params, seed),
          takeRows(Xtr, train),
          takeValues(ytr, train),
          req.categoricalColumns,
        );
        const pred = p.predictProba(takeRows(Xtr, test));
        test.forEach((row, k) => {
          oof[row] = pred[k];
        });
        foldAuc.push(rocAuc(takeValues(ytr, test), pred));
        await tick(
          `cv:${a.name}`,
          `${a.name} ${JSON.stringify(params)} fold ${f + 1}/${cv.length}: AUC ${foldAuc[f].toFixed(4)}`,
          { fold: f + 1, auc: foldAuc[f] },
        );
      }
      const meanAuc = foldAuc.reduce((s, v) => s + v, 0) / foldAuc.length;
      const stdAuc = Math.sqrt(foldAuc.reduce((s, v) => s + (v - meanAuc) ** 2, 0) / foldAuc.length);
      candidates.push({ params, meanAuc, stdAuc, foldAuc });
      if (!best || meanAuc > best.meanAuc) best = { params, meanAuc, oof };
    }
    const threshold = bestF1Threshold(ytr, best!.oof);
    const model = spec.create(best!.params, seed);
    const pipeline = ModelPipeline.fit(model, Xtr, ytr, req.categoricalColumns);
    const p = pipeline.predictProba(Xho);
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
      `${a.name} best ${JSON.stringify(best!.params)}: holdout AUC ${metrics.auc.toFixed(4)}`,
      { auc: metrics.auc },
    );
    const history = learningCurve(model);
    results.push({
      algorithm: a.name,
      bestParams: best!.params,
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
        ...(history?.length
          ? {
              learning: history.map((h) => ({
                epoch: h.epoch,
                trainLoss: h.trainLoss,
                validationLoss: h.validationLoss,
              })),
            }
          : {}),
      },
      pipeline: pipeline.toJSON(),
      trainSeconds: (performance.now() - started) / 1000,
      ...(req.discountColumn !== undefined
        ? {
            uplift: upliftReport(
              (m) => pipeline.predictProba(m),
              Xho,
              yho,
              req.discountColumn,
              tLearnerFor(Xtr, ytr, req.discountColumn, (x, yv) =>
                ModelPipeline.fit(spec.create(best!.params, seed), x, yv, req.categoricalColumns),
              ),
            ),
          }
        : {}),
    });
  }
  return results;
}

/**
 * T-learner for discount level D: one pipeline fitted on the training rows shown D, one on those shown 0 %;
 * uplift = p_D(x) − p_0(x). Null when either group is too small or has a single outcome.
 */
function tLearnerFor(
  X: Matrix,
  y: Float64Array,
  discountColumn: number,
  fit: (X: Matrix, y: Float64Array) => ModelPipeline,
) {
  return (D: number) => {
    const rowsAt = (d: number) =>
      Array.from({ length: X.rows }, (_, i) => i).filter((i) => X.data[i * X.cols + discountColumn] === d);
    const [t, c] = [rowsAt(D), rowsAt(0)];
    const usable = (r: number[]) => r.length >= 50 && r.some((i) => y[i] === 1) && r.some((i) => y[i] === 0);
    if (!usable(t) || !usable(c)) return null;
    const mt = fit(takeRows(X, t), takeValues(y, t));
    const mc = fit(takeRows(X, c), takeValues(y, c));
    return (m: Matrix) => {
      const pt = mt.predictProba(m),
        pc = mc.predictProba(m);
      return Float64Array.from(pt, (p, i) => p - pc[i]);
    };
  };
}

/** Per-epoch (MLP) or per-round (GBDT, validation loss only) losses of the final fit, when the model keeps them. */
function learningCurve(
  model: object,
): { epoch: number; trainLoss: number; validationLoss: number | null }[] | undefined {
  const mlp = (model as { history?: { epoch: number; trainLoss: number; validationLoss: number | null }[] }).history;
  if (mlp?.length) return mlp;
  const gbdt = (model as { fitInfo?: { validationLoss?: unknown } | null }).fitInfo;
  if (Array.isArray(gbdt?.validationLoss) && gbdt.validationLoss.length)
    return (gbdt.validationLoss as number[]).map((v, i) => ({ epoch: i + 1, trainLoss: NaN, validationLoss: v }));
  return undefined;
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

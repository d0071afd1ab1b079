import type { AbortCheck } from '../ml/cancel';
import { type Matrix, takeRows, takeValues } from '../ml/matrix';
import { ALGORITHMS, type AlgorithmName } from './algorithms';
import { ModelPipeline, type PipelineJson } from './pipeline';
import { type TreatmentSpec, type UpliftAtLevel, upliftReport } from './uplift-report';

/**
 * One model fit of a training job, as a unit of work that can run on any thread: fit the algorithm's pipeline on
 * `trainRows` of the job's data and predict `predictRows`. X and y are the whole training set (typed arrays on a
 * SharedArrayBuffer when sent to a thread, so each task costs only its row indices). Deterministic: the same
 * task gives the same numbers on any thread.
 */
export interface FitTask {
  algorithm: AlgorithmName;
  params: Record<string, unknown>;
  seed: number;
  categoricalColumns: number[];
  trainRows: Int32Array;
  /** row sets to predict with the fitted pipeline, one output array each */
  predictRows: Int32Array[];
  /** return the fitted pipeline (and its learning curve) too */
  keepModel: boolean;
}

export interface FitTaskInput extends FitTask {
  X: Matrix;
  y: Float64Array;
}

export interface LearningPoint {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
}

export interface FitTaskOutput {
  predictions: Float64Array[];
  pipeline?: PipelineJson;
  learning?: LearningPoint[];
}

export function runFitTask(input: FitTaskInput, signal?: AbortCheck): FitTaskOutput {
  const { X, y } = input;
  const model = ALGORITHMS[input.algorithm].create(input.params, input.seed);
  const pipeline = ModelPipeline.fit(
    model,
    takeRows(X, input.trainRows),
    takeValues(y, input.trainRows),
    input.categoricalColumns,
    signal,
  );
  const predictions = input.predictRows.map((rows) => pipeline.predictProba(takeRows(X, rows)));
  if (!input.keepModel) return { predictions };
  const learning = learningCurve(model);
  return { predictions, pipeline: pipeline.toJSON(), ...(learning ? { learning } : {}) };
}

/** Per-epoch (MLP) or per-round (GBDT, validation loss only) losses of the final fit, when the model keeps them. */
function learningCurve(model: object): LearningPoint[] | undefined {
  const mlp = (model as { history?: LearningPoint[] }).history;
  if (mlp?.length) return mlp;
  const gbdt = (model as { fitInfo?: { validationLoss?: unknown } | null }).fitInfo;
  if (Array.isArray(gbdt?.validationLoss) && gbdt.validationLoss.length)
    return (gbdt.validationLoss as number[]).map((v, i) => ({ epoch: i + 1, trainLoss: NaN, validationLoss: v }));
  return undefined;
}

/** Runs fit tasks on this thread (tests, and a worker configured with no threads); checks `signal` in the loops. */
export function fitInProcess(X: Matrix, y: Float64Array) {
  return async (task: FitTask, signal?: AbortSignal): Promise<FitTaskOutput> => {
    signal?.throwIfAborted();
    return runFitTask({ ...task, X, y }, signal);
  };
}

/** The training set copied once into shared memory, so threads read it without a copy per task. */
export function shareTrainingSet(X: Matrix, y: Float64Array): { X: Matrix; y: Float64Array } {
  const data = new Float64Array(new SharedArrayBuffer(X.data.byteLength));
  data.set(X.data);
  const ys = new Float64Array(new SharedArrayBuffer(y.byteLength));
  ys.set(y);
  return { X: { data, rows: X.rows, cols: X.cols }, y: ys };
}

/**
 * The uplift report of a fitted pipeline on the holdout rows (it scores every row at each treatment value, which
 * costs as much as a fit for big models), with the T-learner's uplift per holdout row and level when computed.
 */
export interface UpliftTaskInput {
  pipeline: PipelineJson;
  X: Matrix;
  y: Float64Array;
  holdoutRows: Int32Array;
  /** the treatment column, its control value and (arms) the arms' names */
  treatment: TreatmentSpec;
  tLearner: { level: number; uplift: Float64Array }[];
}

export function runUpliftTask(input: UpliftTaskInput, signal?: AbortCheck): UpliftAtLevel[] {
  signal?.throwIfAborted();
  const pipeline = ModelPipeline.fromJSON(input.pipeline);
  const tLearner = (D: number) => {
    const u = input.tLearner.find((t) => t.level === D)?.uplift;
    return u ? (_m: Matrix, rows: number[]) => Float64Array.from(rows, (i) => u[i]) : null;
  };
  return upliftReport(
    (m) => {
      signal?.throwIfAborted();
      return pipeline.predictProba(m);
    },
    takeRows(input.X, input.holdoutRows),
    takeValues(input.y, input.holdoutRows),
    input.treatment,
    tLearner,
  );
}

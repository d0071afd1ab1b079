import type { FitOptions } from './cancel';
import type { Matrix } from './matrix';

/**
 * The contract every binary classifier in lib/ml follows (mljs style):
 * `fit` on a Matrix and a 0/1 label vector, `predictProba` returns P(y = 1) per row,
 * `toJSON` returns a plain serialisable object with `kind` and `version`, and each class has a
 * `static fromJSON(json)` that checks kind and version and throws TypeError on a mismatch.
 */
export interface BinaryClassifier {
  readonly kind: ModelKind;
  /** `opts.signal` is checked inside the fit loop: a fit stops (throws) soon after it is aborted */
  fit(X: Matrix, y: Float64Array, opts?: FitOptions): this;
  predictProba(X: Matrix): Float64Array;
  toJSON(): SerializedModel;
}

export type ModelKind = 'logistic-regression' | 'decision-tree' | 'random-forest' | 'gbdt' | 'mlp';

export interface SerializedModel {
  kind: ModelKind;
  version: number;
  [key: string]: unknown;
}

/**
 * A fitted tree in flat arrays, shared by the decision tree, random forest and GBDT (and by ONNX export
 * and TreeSHAP). Node 0 is the root. For an internal node: go to `left[n]` when
 * x[feature[n]] <= threshold[n], else `right[n]`. For a leaf, feature[n] = -1, left/right = -1, and
 * value[n] is the leaf output (a probability for trees and forests, a log-odds increment for GBDT).
 * cover[n] is the number of training rows (or hessian sum for GBDT) that reached the node.
 */
export interface FlatTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
}

export function assertModelJson(json: unknown, kind: ModelKind, version: number): asserts json is SerializedModel {
  if (typeof json !== 'object' || json === null) throw new TypeError(`${kind}: model JSON must be an object`);
  const j = json as { kind?: unknown; version?: unknown };
  if (j.kind !== kind) throw new TypeError(`expected a ${kind} model, got kind ${String(j.kind)}`);
  if (j.version !== version)
    throw new TypeError(`${kind}: unsupported model version ${String(j.version)} (expected ${version})`);
}

import type { Matrix } from '../ml/matrix';
import { matrix } from '../ml/matrix';
import { qiniAuc, qiniCurve, upliftAtTopK } from '../policies/math/uplift';

/**
 * Uplift quality of a response model on the holdout exposures: for each discount level D > 0, the rows shown D
 * (treated) or nothing (control); the model's uplift score is p(x, D) − p(x, 0), the same customer scored at both
 * levels; reported as the Qini curve (downsampled), the normalised Qini AUC (AUUC) and the uplift in the top 20%.
 */
export interface UpliftAtLevel {
  discountPct: number;
  rows: number;
  auuc: number;
  /** AUUC of the T-learner alternative (one model fitted on the D rows, one on the 0 % rows), when computed */
  tLearnerAuuc?: number;
  upliftTop20: number;
  qini: { k: number; qini: number }[];
}

/**
 * `tLearner(D)`, when given, returns the T-learner's uplift scorer for level D (fitted by the caller on its
 * training rows), called with the scored rows and their indices in X; its AUUC is reported beside the single
 * model's.
 */
export function upliftReport(
  predict: (X: Matrix) => Float64Array,
  X: Matrix,
  y: Float64Array,
  discountColumn: number,
  tLearner?: (discountPct: number) => ((X: Matrix, rows: number[]) => Float64Array) | null,
): UpliftAtLevel[] {
  const levels = [...new Set(Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + discountColumn]))]
    .filter((d) => d > 0)
    .sort((a, b) => a - b);
  const out: UpliftAtLevel[] = [];
  for (const D of levels) {
    const idx = Array.from({ length: X.rows }, (_, i) => i).filter((i) =>
      [0, D].includes(X.data[i * X.cols + discountColumn]),
    );
    const treated = Float64Array.from(idx, (i) => (X.data[i * X.cols + discountColumn] === D ? 1 : 0));
    if (treated.every((t) => t === 1) || treated.every((t) => t === 0)) continue;
    const at = (d: number) => {
      const data = new Float64Array(idx.length * X.cols);
      idx.forEach((i, k) => {
        data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), k * X.cols);
        data[k * X.cols + discountColumn] = d;
      });
      return predict(matrix(data, idx.length, X.cols));
    };
    const pD = at(D),
      p0 = at(0);
    const score = Float64Array.from(pD, (p, k) => p - p0[k]);
    const yy = Float64Array.from(idx, (i) => y[i]);
    const curve = qiniCurve(yy, score, treated);
    const t = tLearner?.(D);
    let tLearnerAuuc: number | undefined;
    if (t) {
      const rowsX = new Float64Array(idx.length * X.cols);
      idx.forEach((i, k) => {
        rowsX.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), k * X.cols);
      });
      tLearnerAuuc = qiniAuc(yy, t(matrix(rowsX, idx.length, X.cols), idx), treated);
    }
    const step = Math.max(1, Math.ceil(curve.k.length / 100));
    out.push({
      discountPct: D,
      rows: idx.length,
      auuc: qiniAuc(yy, score, treated),
      ...(tLearnerAuuc !== undefined ? { tLearnerAuuc } : {}),
      upliftTop20: upliftAtTopK(yy, score, treated, { topPct: 20 }),
      qini: Array.from(curve.k).flatMap((k, j) =>
        j % step === 0 || j === curve.k.length - 1 ? [{ k, qini: curve.qini[j] }] : [],
      ),
    });
  }
  return out;
}

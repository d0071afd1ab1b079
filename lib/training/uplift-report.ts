import type { Matrix } from '../ml/matrix';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { qiniAuc, qiniCurve, upliftAtTopK } from '../policies/math/uplift';

/**
 * Uplift quality of a response model on the holdout exposures: for each treatment D other than the control (a
 * discount level D > 0 against 0 %, or an arm against the control arm), the rows given D (treated) or the control;
 * the model's uplift score is p(x, D) − p(x, control), the same customer scored both ways; reported as the Qini
 * curve (downsampled), the normalised Qini AUC (AUUC), the AUUC of random rankings and the uplift in the top 20%.
 */
export interface UpliftAtLevel {
  /** the discount level (discount treatments) */
  discountPct?: number;
  /** the arm's name (arm treatments), compared with `control` */
  arm?: string;
  control?: string;
  /** treated and control rows of the holdout */
  treatedRows?: number;
  /** observed conversion rates of the treated and control rows */
  treatedRate?: number;
  controlRate?: number;
  /** mean AUUC of 20 seeded random rankings (0 in expectation) */
  randomAuuc?: number;
  rows: number;
  auuc: number;
  /** AUUC of the T-learner alternative (one model fitted on the D rows, one on the 0 % rows), when computed */
  tLearnerAuuc?: number;
  upliftTop20: number;
  qini: { k: number; qini: number }[];
}

/** Which raw column holds the treatment, its control value, and (arms) the names of its codes. */
export interface TreatmentSpec {
  column: number;
  control: number;
  /** arm names by code: the report then names arms instead of discount levels */
  arms?: readonly string[];
}

/**
 * `tLearner(D)`, when given, returns the T-learner's uplift scorer for treatment value D (fitted by the caller on
 * its training rows), called with the scored rows and their indices in X; its AUUC is reported beside the single
 * model's. `treatment` is a column index (discount levels against 0) or a TreatmentSpec.
 */
export function upliftReport(
  predict: (X: Matrix) => Float64Array,
  X: Matrix,
  y: Float64Array,
  treatment: number | TreatmentSpec,
  tLearner?: (value: number) => ((X: Matrix, rows: number[]) => Float64Array) | null,
): UpliftAtLevel[] {
  const spec: TreatmentSpec = typeof treatment === 'number' ? { column: treatment, control: 0 } : treatment;
  const discountColumn = spec.column;
  const control = spec.control;
  const levels = [...new Set(Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols + discountColumn]))]
    .filter((d) => d !== control && d >= 0)
    .sort((a, b) => a - b);
  const out: UpliftAtLevel[] = [];
  for (const D of levels) {
    const idx = Array.from({ length: X.rows }, (_, i) => i).filter((i) =>
      [control, D].includes(X.data[i * X.cols + discountColumn]),
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
      p0 = at(control);
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
    const nT = treated.reduce((s, t) => s + t, 0);
    const rate = (t: number) => {
      let n = 0,
        k = 0;
      treated.forEach((v, j) => {
        if (v === t) {
          n++;
          k += yy[j];
        }
      });
      return n ? k / n : NaN;
    };
    out.push({
      ...(spec.arms ? { arm: spec.arms[D], control: spec.arms[control] } : { discountPct: D }),
      rows: idx.length,
      treatedRows: nT,
      treatedRate: rate(1),
      controlRate: rate(0),
      randomAuuc: randomRankingAuuc(yy, treated, 20, 7),
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

/** Mean AUUC of `draws` uniformly random rankings (seeded): the baseline a useful model must beat. */
export function randomRankingAuuc(y: Float64Array, treated: Float64Array, draws: number, seed: number): number {
  const rng = new Rng(seed);
  let sum = 0;
  for (let d = 0; d < draws; d++)
    sum += qiniAuc(
      y,
      Float64Array.from(y, () => rng.next()),
      treated,
    );
  return sum / draws;
}

/**
 * Evaluation of uplift scores (predicted effect of a discount on conversion) on a randomised sample with
 * treatment flags t_i ∈ {0, 1} and outcomes y_i. Definitions follow Radcliffe (2007) as implemented by
 * scikit-uplift (sklift.metrics), so numbers can be compared with that package.
 *
 * QINI CURVE. Sort rows by score, descending. For the top k rows let N_t(k), N_c(k) be the numbers of treated
 *   and control rows and Y_t(k), Y_c(k) the sums of their outcomes. Then
 *     qini(k) = Y_t(k) − Y_c(k) · N_t(k) / N_c(k)        (the second term is 0 while N_c(k) = 0)
 *   = the incremental responders among the top k, control responders rescaled to the treated count. Tied scores
 *   cannot be ordered, so the curve has a point only after each run of equal scores (k = 0 and every k where the
 *   next score differs, and k = n); the order within a tie does not matter.
 * AUUC (here: the normalised area under the Qini curve = sklift `qini_auc_score`, negative_effect = True):
 *     AUUC = (A_model − A_random) / (A_perfect − A_random)
 *   with A = trapezoid area under the curve over k ∈ [0, n]; A_random = the area under the straight line from
 *   (0, 0) to (n, qini(n)) = n·qini(n)/2; A_perfect = the area of the Qini curve of the perfect score
 *   y·t − y·(1 − t) (treated responders first, control responders last). 1 = perfect ordering, 0 = random,
 *   < 0 = worse than random. Needs binary outcomes.
 * UPLIFT AT TOP k % (sklift `uplift_at_k`): mean(y | treated, in top) − mean(y | control, in top) where
 *   "top" is, strategy 'overall', the first ⌊n·k/100⌋ rows by score; 'byGroup', the first ⌊N_t·k/100⌋ treated and
 *   the first ⌊N_c·k/100⌋ control rows by score. Among equal scores the LATER row comes first (sklift's reversed
 *   stable argsort). NaN when a group is empty in the top.
 * T-LEARNER: uplift(x) = P̂(y = 1 | x, treated) − P̂(y = 1 | x, control) from two separately fitted models.
 */
import type { Matrix } from '../../ml/matrix';

function checkInputs(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  binaryY: boolean,
): void {
  const n = y.length;
  if (score.length !== n || treatment.length !== n) {
    throw new RangeError(
      `uplift: y, score and treatment must have the same length (got ${n}, ${score.length}, ${treatment.length})`,
    );
  }
  if (n === 0) throw new RangeError('uplift: empty input');
  let nt = 0;
  for (let i = 0; i < n; i++) {
    if (treatment[i] !== 0 && treatment[i] !== 1)
      throw new RangeError(`uplift: treatment must be 0/1; row ${i} is ${treatment[i]}`);
    if (!Number.isFinite(score[i])) throw new RangeError(`uplift: score must be finite; row ${i} is ${score[i]}`);
    if (binaryY ? y[i] !== 0 && y[i] !== 1 : !Number.isFinite(y[i])) {
      throw new RangeError(`uplift: outcome must be ${binaryY ? '0/1' : 'finite'}; row ${i} is ${y[i]}`);
    }
    nt += treatment[i];
  }
  if (nt === 0 || nt === n) throw new RangeError('uplift: need both treated and control rows');
}

/** Row indices by score descending; ties: later row first (sklift's np.argsort(kind='mergesort')[::-1]). */
function orderByScore(score: ArrayLike<number>): number[] {
  return Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a] || b - a);
}

export interface QiniCurve {
  /** Number of rows targeted, k (starts at 0). */
  k: Float64Array;
  /** qini(k). */
  qini: Float64Array;
}

function qiniPoints(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): QiniCurve {
  const order = orderByScore(score);
  const ks = [0],
    qs = [0];
  let nt = 0,
    nc = 0,
    yt = 0,
    yc = 0;
  order.forEach((i, pos) => {
    if (treatment[i] === 1) {
      nt++;
      yt += y[i];
    } else {
      nc++;
      yc += y[i];
    }
    const last = pos === order.length - 1;
    if (last || score[order[pos + 1]] !== score[i]) {
      ks.push(pos + 1);
      qs.push(yt - (nc > 0 ? (yc * nt) / nc : 0));
    }
  });
  return { k: Float64Array.from(ks), qini: Float64Array.from(qs) };
}

/** Qini curve qini(k) = Y_t(k) − Y_c(k)·N_t(k)/N_c(k) at k = 0 and after each run of tied scores. Outcomes may be real-valued. */
export function qiniCurve(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): QiniCurve {
  checkInputs(y, score, treatment, false);
  return qiniPoints(y, score, treatment);
}

function trapezoid({ k, qini }: QiniCurve): number {
  let a = 0;
  for (let j = 1; j < k.length; j++) a += ((k[j] - k[j - 1]) * (qini[j] + qini[j - 1])) / 2;
  return a;
}

/** Normalised area under the Qini curve (sklift qini_auc_score); NaN when the perfect curve has no area above random. */
export function qiniAuc(y: ArrayLike<number>, score: ArrayLike<number>, treatment: ArrayLike<number>): number {
  checkInputs(y, score, treatment, true);
  const n = y.length;
  const model = qiniPoints(y, score, treatment);
  const perfectScore = Float64Array.from({ length: n }, (_, i) => y[i] * treatment[i] - y[i] * (1 - treatment[i]));
  const perfect = qiniPoints(y, perfectScore, treatment);
  const random = (n * perfect.qini[perfect.qini.length - 1]) / 2;
  const denom = trapezoid(perfect) - random;
  return denom === 0 ? NaN : (trapezoid(model) - random) / denom;
}

export type UpliftAtKStrategy = 'overall' | 'byGroup';

/** Uplift among the top `topPct` % by score (sklift uplift_at_k with k = topPct/100). */
export function upliftAtTopK(
  y: ArrayLike<number>,
  score: ArrayLike<number>,
  treatment: ArrayLike<number>,
  { topPct, strategy = 'overall' }: { topPct: number; strategy?: UpliftAtKStrategy },
): number {
  checkInputs(y, score, treatment, false);
  if (!(topPct > 0 && topPct <= 100)) throw new RangeError(`upliftAtTopK: topPct must be in (0, 100] (got ${topPct})`);
  if (strategy !== 'overall' && strategy !== 'byGroup')
    throw new RangeError(`upliftAtTopK: unknown strategy ${String(strategy)}`);
  const order = orderByScore(score);
  let ntAll = 0;
  for (let i = 0; i < y.length; i++) ntAll += treatment[i];
  const takeN = Math.floor((y.length * topPct) / 100);
  const takeT = Math.floor((ntAll * topPct) / 100),
    takeC = Math.floor(((y.length - ntAll) * topPct) / 100);
  let nt = 0,
    nc = 0,
    yt = 0,
    yc = 0;
  order.forEach((i, pos) => {
    if (strategy === 'overall' && pos >= takeN) return;
    if (treatment[i] === 1) {
      if (strategy === 'overall' || nt < takeT) {
        nt++;
        yt += y[i];
      }
    } else if (strategy === 'overall' || nc < takeC) {
      nc++;
      yc += y[i];
    }
  });
  return (nt > 0 ? yt / nt : NaN) - (nc > 0 ? yc / nc : NaN);
}

/** A fitted probability model: a function of the feature matrix, or anything with predictProba (BinaryClassifier). */
export type ProbabilityModel = ((X: Matrix) => ArrayLike<number>) | { predictProba(X: Matrix): ArrayLike<number> };

/** T-learner uplift p̂_treated(x) − p̂_control(x) for each row of X. */
export function tLearnerUplift(X: Matrix, treated: ProbabilityModel, control: ProbabilityModel): Float64Array {
  const predict = (m: ProbabilityModel) => (typeof m === 'function' ? m(X) : m.predictProba(X));
  const pt = predict(treated),
    pc = predict(control);
  if (pt.length !== X.rows || pc.length !== X.rows) {
    throw new RangeError(`tLearnerUplift: models returned ${pt.length} and ${pc.length} values for ${X.rows} rows`);
  }
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    if (!(pt[i] >= 0 && pt[i] <= 1 && pc[i] >= 0 && pc[i] <= 1))
      throw new RangeError(`tLearnerUplift: probability out of [0, 1] at row ${i}`);
    out[i] = pt[i] - pc[i];
  }
  return out;
}

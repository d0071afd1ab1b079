/**
 * Binary-classification metrics on a 0/1 label vector `y` and a score/probability vector `p` of the same length.
 * Threshold metrics predict positive when p ≥ threshold (default 0.5).
 */

type Vec = ArrayLike<number>;

function checkInputs(name: string, y: Vec, p: Vec, probabilities: boolean): void {
  if (y.length !== p.length) throw new RangeError(`${name}: y has ${y.length} values, p has ${p.length}`);
  if (y.length === 0) throw new RangeError(`${name}: empty input`);
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`${name}: y must be 0/1; index ${i} is ${y[i]}`);
    const v = p[i];
    if (!Number.isFinite(v)) throw new RangeError(`${name}: p[${i}] is not finite (${v})`);
    if (probabilities && (v < 0 || v > 1)) throw new RangeError(`${name}: p[${i}] = ${v} is not a probability`);
  }
}

function countPositives(y: Vec): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i];
  return s;
}

/** Indices sorted by p descending (ties keep index order). */
function orderDescending(p: Vec): Int32Array {
  const idx = Int32Array.from({ length: p.length }, (_, i) => i);
  idx.sort((a, b) => p[b] - p[a] || a - b);
  return idx;
}

/**
 * Area under the ROC curve via the Mann–Whitney statistic with average ranks for ties:
 * AUC = (Σ ranks of positives − n₊(n₊+1)/2) / (n₊ n₋). A tie between a positive and a negative counts ½.
 * `p` may be any real scores. Throws a RangeError when only one class is present.
 */
export function rocAuc(y: Vec, p: Vec): number {
  checkInputs('rocAuc', y, p, false);
  const n = y.length,
    nPos = countPositives(y),
    nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new RangeError('rocAuc: needs both classes in y');
  const idx = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  let rankSumPos = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && p[idx[end]] === p[idx[start]]) end++;
    const avgRank = (start + 1 + end) / 2; // ranks start+1 … end
    for (let k = start; k < end; k++) if (y[idx[k]] === 1) rankSumPos += avgRank;
    start = end;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * ROC curve at every distinct score, highest first, starting at (0, 0) with threshold +Infinity.
 * Point k: fpr/tpr of the rule "positive when p ≥ thresholds[k]". Unlike sklearn's default, collinear points are
 * kept (sklearn `roc_curve(..., drop_intermediate=False)` gives the same points). Needs both classes.
 */
export function rocCurve(y: Vec, p: Vec): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  checkInputs('rocCurve', y, p, false);
  const n = y.length,
    nPos = countPositives(y),
    nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new RangeError('rocCurve: needs both classes in y');
  const idx = orderDescending(p);
  const fpr = [0],
    tpr = [0],
    thresholds = [Infinity];
  let tp = 0,
    fp = 0;
  for (let k = 0; k < n; ) {
    const t = p[idx[k]];
    while (k < n && p[idx[k]] === t) {
      if (y[idx[k]] === 1) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / nNeg);
    tpr.push(tp / nPos);
    thresholds.push(t);
  }
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), thresholds: Float64Array.from(thresholds) };
}

/**
 * Mean binary cross-entropy −[y log p + (1 − y) log(1 − p)], with p clipped to [eps, 1 − eps].
 * Default eps = 2^-52 ≈ 2.2e-16 (float64 machine epsilon, sklearn's `eps='auto'` since 1.2; older sklearn used 1e-15).
 */
export function logLoss(y: Vec, p: Vec, eps = Number.EPSILON): number {
  checkInputs('logLoss', y, p, true);
  if (!(eps > 0 && eps < 0.5)) throw new RangeError(`logLoss: eps must be in (0, 0.5) (got ${eps})`);
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(Math.max(p[i], eps), 1 - eps);
    s -= y[i] === 1 ? Math.log(q) : Math.log1p(-q);
  }
  return s / y.length;
}

/** Mean squared error of the probabilities, mean (p − y)². */
export function brierScore(y: Vec, p: Vec): number {
  checkInputs('brierScore', y, p, true);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts of the rule "predict positive when p ≥ threshold". Default threshold 0.5. */
export function confusionMatrix(y: Vec, p: Vec, threshold = 0.5): ConfusionMatrix {
  checkInputs('confusionMatrix', y, p, false);
  if (Number.isNaN(threshold)) throw new RangeError('confusionMatrix: threshold is NaN');
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const pred = p[i] >= threshold;
    if (y[i] === 1) {
      if (pred) c.tp++;
      else c.fn++;
    } else if (pred) c.fp++;
    else c.tn++;
  }
  return c;
}

/** (tp + tn) / n. */
export function accuracy(y: Vec, p: Vec, threshold = 0.5): number {
  const c = confusionMatrix(y, p, threshold);
  return (c.tp + c.tn) / y.length;
}

/** tp / (tp + fp); 0 when nothing is predicted positive (sklearn's zero_division=0). */
export function precision(y: Vec, p: Vec, threshold = 0.5): number {
  const c = confusionMatrix(y, p, threshold);
  return c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
}

/** tp / (tp + fn); 0 when y has no positives. */
export function recall(y: Vec, p: Vec, threshold = 0.5): number {
  const c = confusionMatrix(y, p, threshold);
  return c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
}

/** Harmonic mean of precision and recall, 2tp / (2tp + fp + fn); 0 when that denominator is 0. */
export function f1(y: Vec, p: Vec, threshold = 0.5): number {
  const c = confusionMatrix(y, p, threshold);
  const den = 2 * c.tp + c.fp + c.fn;
  return den === 0 ? 0 : (2 * c.tp) / den;
}

export interface ReliabilityBin {
  /** Bin bounds: [binStart, binEnd), the last bin includes 1. */
  binStart: number;
  binEnd: number;
  meanPredicted: number;
  fractionPositive: number;
  count: number;
}

/**
 * Calibration (reliability) curve on nBins equal-width bins of [0, 1]; p goes to bin min(⌊p · nBins⌋, nBins − 1).
 * Empty bins are omitted (as in sklearn's `calibration_curve(strategy='uniform')`), so check binStart/binEnd.
 * Default nBins 10.
 */
export function reliabilityCurve(y: Vec, p: Vec, nBins = 10): ReliabilityBin[] {
  checkInputs('reliabilityCurve', y, p, true);
  if (!Number.isInteger(nBins) || nBins < 1)
    throw new RangeError(`reliabilityCurve: nBins must be a positive integer (got ${nBins})`);
  const sumP = new Float64Array(nBins),
    sumY = new Float64Array(nBins),
    count = new Float64Array(nBins);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(Math.floor(p[i] * nBins), nBins - 1);
    sumP[b] += p[i];
    sumY[b] += y[i];
    count[b]++;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    out.push({
      binStart: b / nBins,
      binEnd: (b + 1) / nBins,
      meanPredicted: sumP[b] / count[b],
      fractionPositive: sumY[b] / count[b],
      count: count[b],
    });
  }
  return out;
}

export interface DecileRow {
  /** 1 = the highest-scored tenth of rows. */
  decile: number;
  count: number;
  positives: number;
  /** positives / count. */
  rate: number;
  /** rate / overall positive rate. */
  lift: number;
  /** Share of all positives captured by deciles 1 … this one. */
  cumulativeGain: number;
}

/**
 * Lift table: rows sorted by p descending (ties in input order), decile d (1…10) holds sorted positions
 * ⌊(d−1)n/10⌋ … ⌊dn/10⌋ − 1, so sizes differ by at most one. Needs n ≥ 10 and at least one positive.
 */
export function liftByDecile(y: Vec, p: Vec): DecileRow[] {
  checkInputs('liftByDecile', y, p, false);
  const n = y.length,
    nPos = countPositives(y);
  if (n < 10) throw new RangeError(`liftByDecile: needs at least 10 rows (got ${n})`);
  if (nPos === 0) throw new RangeError('liftByDecile: y has no positives');
  const idx = orderDescending(p);
  const base = nPos / n;
  const rows: DecileRow[] = [];
  let cum = 0;
  for (let d = 1; d <= 10; d++) {
    const lo = Math.floor(((d - 1) * n) / 10),
      hi = Math.floor((d * n) / 10);
    let pos = 0;
    for (let k = lo; k < hi; k++) pos += y[idx[k]];
    cum += pos;
    const count = hi - lo,
      rate = pos / count;
    rows.push({ decile: d, count, positives: pos, rate, lift: rate / base, cumulativeGain: cum / nPos });
  }
  return rows;
}

import { describe, expect, it } from 'vitest';
import {
  accuracy,
  brierScore,
  confusionMatrix,
  f1,
  liftByDecile,
  logLoss,
  precision,
  recall,
  reliabilityCurve,
  rocAuc,
  rocCurve,
} from './metrics';

// Tiny hand-worked example with ties: positives score {0.9, 0.5, 0.3}, negatives {0.9, 0.3, 0.1}.
const yT = [1, 0, 1, 0, 1, 0];
const pT = [0.9, 0.9, 0.5, 0.3, 0.3, 0.1];

// Larger example vs sklearn 1.2.1 (Debian python3-sklearn):
//   rng = np.random.default_rng(3); y = (rng.random(30) < 0.4).astype(int)
//   p = np.round(np.clip(0.35*y + rng.random(30)*0.65, 0, 1), 1)     # 1-decimal scores, many ties
const yS = [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0];
const pS = [
  0.6, 0.4, 0.4, 0.6, 0.5, 0.4, 0.2, 0.8, 0.5, 0.5, 0.9, 0.4, 0.4, 0.5, 0.3, 0.5, 0.9, 0.1, 0.6, 0.6, 0.7, 0.1, 0.8,
  0.5, 0.6, 0.2, 0.4, 0.3, 0.7, 0.1,
];

describe('rocAuc / rocCurve', () => {
  it('counts a tied positive/negative pair as one half (by hand)', () => {
    // 9 pos/neg pairs: (0.9 vs 0.9) ½, (0.9 vs 0.3) 1, (0.9 vs 0.1) 1, (0.5 vs 0.9) 0, (0.5 vs 0.3) 1, (0.5 vs 0.1) 1,
    // (0.3 vs 0.9) 0, (0.3 vs 0.3) ½, (0.3 vs 0.1) 1 → 6 / 9.
    expect(rocAuc(yT, pT)).toBeCloseTo(2 / 3, 15);
    expect(rocAuc([0, 1], [0.7, 0.7])).toBe(0.5);
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([1, 0], [0.1, 0.2])).toBe(0);
  });

  it('builds the ROC curve at distinct thresholds (by hand)', () => {
    // threshold 0.9: tp 1, fp 1; 0.5: tp 2, fp 1; 0.3: tp 3, fp 2; 0.1: tp 3, fp 3 (3 pos, 3 neg).
    const c = rocCurve(yT, pT);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.5, 0.3, 0.1]);
    expect(Array.from(c.fpr)).toEqual([0, 1 / 3, 1 / 3, 2 / 3, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 1 / 3, 2 / 3, 1, 1]);
  });

  it('matches sklearn roc_auc_score and roc_curve(drop_intermediate=False)', () => {
    expect(rocAuc(yS, pS)).toBeCloseTo(0.8842592592592592, 14);
    const c = rocCurve(yS, pS);
    expect(Array.from(c.thresholds.subarray(1))).toEqual([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]);
    const fpr = [
      0, 0, 0, 0, 0.16666666666666666, 0.3333333333333333, 0.6111111111111112, 0.7222222222222222, 0.8333333333333334,
      1,
    ];
    const tpr = [0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.9166666666666666, 1, 1, 1, 1];
    fpr.forEach((v, i) => {
      expect(c.fpr[i]).toBeCloseTo(v, 14);
    });
    tpr.forEach((v, i) => {
      expect(c.tpr[i]).toBeCloseTo(v, 14);
    });
  });

  it('rejects one-class targets and mismatched lengths', () => {
    expect(() => rocAuc([1, 1], [0.2, 0.3])).toThrow(RangeError);
    expect(() => rocAuc([1, 0], [0.2])).toThrow(RangeError);
    expect(() => rocAuc([1, 2], [0.2, 0.3])).toThrow(RangeError);
    expect(() => rocCurve([0, 1], [NaN, 0.3])).toThrow(RangeError);
  });
});

describe('probability scores', () => {
  it('logLoss and brierScore by hand', () => {
    // y = [1, 0], p = [0.8, 0.4]: −(ln 0.8 + ln 0.6) / 2 = 0.3669845875401002 (sklearn log_loss agrees);
    // Brier ((0.2)² + (0.4)²) / 2 = 0.1.
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(0.3669845875401002, 14);
    expect(brierScore([1, 0], [0.8, 0.4])).toBeCloseTo(0.1, 15);
  });

  it('clips like sklearn 1.2 log_loss (eps = machine epsilon) and matches it on the larger example', () => {
    // sklearn: log_loss([1, 0], [0.0, 1.0]) = 36.04365338911715 = −ln(2^-52)
    expect(logLoss([1, 0], [0, 1])).toBeCloseTo(36.04365338911715, 10);
    expect(logLoss([1], [0], 1e-15)).toBeCloseTo(-Math.log(1e-15), 12);
    // sklearn: log_loss(y, p) = 0.4748633978839709, brier_score_loss(y, p) = 0.15433333333333332
    expect(logLoss(yS, pS)).toBeCloseTo(0.4748633978839709, 14);
    expect(brierScore(yS, pS)).toBeCloseTo(0.15433333333333332, 14);
    expect(() => brierScore([1], [1.2])).toThrow(RangeError);
  });
});

describe('threshold metrics', () => {
  it('counts p ≥ threshold as positive (by hand)', () => {
    // threshold 0.5: predicted positive at indices 0 (y=1), 1 (y=0), 2 (y=1) → tp 2, fp 1, fn 1 (idx 4), tn 2.
    expect(confusionMatrix(yT, pT)).toEqual({ tp: 2, fp: 1, tn: 2, fn: 1 });
    expect(accuracy(yT, pT)).toBeCloseTo(4 / 6, 15);
    expect(precision(yT, pT)).toBeCloseTo(2 / 3, 15);
    expect(recall(yT, pT)).toBeCloseTo(2 / 3, 15);
    expect(f1(yT, pT)).toBeCloseTo(2 / 3, 15);
    // threshold 0.3: indices 0–4 positive → tp 3, fp 2, tn 1, fn 0; precision 3/5, recall 1, F1 = 6 / (6 + 2) = 0.75.
    expect(confusionMatrix(yT, pT, 0.3)).toEqual({ tp: 3, fp: 2, tn: 1, fn: 0 });
    expect(precision(yT, pT, 0.3)).toBeCloseTo(0.6, 15);
    expect(recall(yT, pT, 0.3)).toBe(1);
    expect(f1(yT, pT, 0.3)).toBeCloseTo(0.75, 15);
    // nothing predicted positive → precision 0 (sklearn zero_division=0)
    expect(precision(yT, pT, 0.95)).toBe(0);
    expect(f1([0, 0], [0.1, 0.2])).toBe(0);
  });

  it('matches sklearn on the larger example (pred = p >= 0.5)', () => {
    // sklearn: acc 0.7666666666666667, prec 0.6470588235294118, rec 0.9166666666666666, f1 0.7586206896551724,
    // confusion_matrix(...).ravel() = tn 12, fp 6, fn 1, tp 11
    expect(confusionMatrix(yS, pS)).toEqual({ tn: 12, fp: 6, fn: 1, tp: 11 });
    expect(accuracy(yS, pS)).toBeCloseTo(0.7666666666666667, 15);
    expect(precision(yS, pS)).toBeCloseTo(0.6470588235294118, 15);
    expect(recall(yS, pS)).toBeCloseTo(0.9166666666666666, 15);
    expect(f1(yS, pS)).toBeCloseTo(0.7586206896551724, 15);
  });
});

describe('reliabilityCurve', () => {
  it('bins by hand and omits empty bins', () => {
    // bin 0: {0.05} y 0; bin 1: {0.15, 0.12} y {1, 0}; bin 5: {0.55} y 0; bin 9: {0.95, 0.99, 1.0} all y 1.
    const r = reliabilityCurve([0, 1, 0, 1, 1, 1, 0], [0.05, 0.15, 0.12, 0.95, 0.99, 1.0, 0.55]);
    expect(r.map((b) => [b.binStart, b.count, b.fractionPositive])).toEqual([
      [0, 1, 0],
      [0.1, 2, 0.5],
      [0.5, 1, 0],
      [0.9, 3, 1],
    ]);
    expect(r.map((b) => b.meanPredicted)).toEqual(
      [0.05, 0.135, 0.55, (0.95 + 0.99 + 1.0) / 3].map((v) => expect.closeTo(v, 14)),
    );
  });

  it('matches sklearn calibration_curve(y, p + 0.01, n_bins=5)', () => {
    // +0.01 keeps the 1-decimal scores off the bin edges, where sklearn's edges (linspace to 1 + 1e-8) differ.
    // sklearn: prob_true [0, 0, 0.3333333333333333, 0.5714285714285714, 1], prob_pred [0.11, 0.26, 0.46, 0.6385714285714286, 0.86]
    const r = reliabilityCurve(
      yS,
      pS.map((v) => v + 0.01),
      5,
    );
    expect(r.map((b) => b.fractionPositive)).toEqual(
      [0, 0, 0.3333333333333333, 0.5714285714285714, 1].map((v) => expect.closeTo(v, 14)),
    );
    expect(r.map((b) => b.meanPredicted)).toEqual(
      [0.11, 0.26, 0.46, 0.6385714285714286, 0.86].map((v) => expect.closeTo(v, 12)),
    );
    expect(r.reduce((a, b) => a + b.count, 0)).toBe(30);
  });
});

describe('liftByDecile', () => {
  it('computes lift and cumulative gain by hand (20 rows, 2 per decile)', () => {
    // Sorted by p descending, labels are 1 1 | 1 0 | 0 1 | 0 0 | 1 0 | then all 0; 5 positives, base rate 0.25.
    const ySorted = [1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = ySorted.map((_, i) => (20 - i) / 20);
    // shuffle the input order (a fixed permutation) so the function has to sort
    const perm = [7, 3, 15, 0, 19, 11, 4, 8, 16, 1, 12, 5, 18, 9, 2, 14, 6, 17, 10, 13];
    const rows = liftByDecile(
      perm.map((i) => ySorted[i]),
      perm.map((i) => p[i]),
    );
    expect(rows.map((r) => r.positives)).toEqual([2, 1, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.rate)).toEqual([1, 0.5, 0.5, 0, 0.5, 0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.lift)).toEqual([4, 2, 2, 0, 2, 0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.cumulativeGain)).toEqual([0.4, 0.6, 0.8, 0.8, 1, 1, 1, 1, 1, 1]);
    expect(rows.map((r) => r.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('splits n = 25 into deciles of sizes 2,3,2,3,… (boundaries ⌊25d/10⌋) and needs ≥ 10 rows and a positive', () => {
    const y = Array.from({ length: 25 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const p = Array.from({ length: 25 }, (_, i) => 1 - i / 25);
    expect(liftByDecile(y, p).map((r) => r.count)).toEqual([2, 3, 2, 3, 2, 3, 2, 3, 2, 3]);
    expect(() => liftByDecile([1, 0, 1], [0.1, 0.2, 0.3])).toThrow(RangeError);
    expect(() => liftByDecile(new Array(10).fill(0), new Array(10).fill(0.5))).toThrow(RangeError);
  });
});

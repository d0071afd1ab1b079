import { describe, expect, it } from 'vitest';
import { fromRows } from '../../ml/matrix';
import { qiniAuc, qiniCurve, tLearnerUplift, upliftAtTopK } from './uplift';

// Hand example: distinct scores, already in descending order.
const y = [1, 0, 1, 1, 0, 0];
const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
const t = [1, 0, 1, 0, 1, 0];

/*
 * Reference for the 40-row example: a numpy transcription of sklift.metrics qini_curve / qini_auc_score /
 * uplift_at_k (sklift is not installable here), numpy 2.4:
 *   rng = np.random.default_rng(5); t = rng.integers(0, 2, 40); s = np.round(rng.random(40), 1)
 *   y = (rng.random(40) < 0.3 + 0.3*t*s).astype(int)                 # scores with many ties
 *   o = np.argsort(s, kind='mergesort')[::-1]; th = np.r_[np.where(np.diff(s[o]))[0], 39]
 *   nt, Yt, Yc = cumsums of t, y·t, y·(1−t) over o at th; nc = th + 1 − nt; qini = Yt − Yc·nt/nc (0 where nc = 0)
 *   qini_auc: (trapz(model) − b)/(trapz(perfect) − b), perfect score y·t − y·(1−t), b = trapz([0,n],[0,qini_perfect(n)])
 */
const tR = [
  1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1,
  0,
];
const sR = [
  0.6, 0.3, 0.9, 0.1, 0.7, 0.9, 0.2, 0.9, 0.9, 0.0, 0.7, 0.0, 0.5, 0.4, 0.2, 0.3, 0.8, 0.3, 0.1, 0.7, 0.4, 0.8, 0.2,
  0.3, 0.8, 0.5, 0.5, 0.2, 0.0, 0.9, 0.1, 0.8, 0.4, 1.0, 0.4, 0.9, 0.6, 0.2, 0.7, 0.7,
];
const yR = [
  0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1,
  1,
];

describe('qiniCurve', () => {
  it('by hand: qini(k) = Y_t − Y_c·N_t/N_c', () => {
    // k=1: N_t 1, Y_t 1, N_c 0 → 1;  k=2: N_c 1, Y_c 0 → 1;  k=3: Y_t 2 → 2;  k=4: N_c 2, Y_c 1 → 2 − 1·2/2 = 1;
    // k=5: N_t 3 → 2 − 1·3/2 = 0.5;  k=6: N_c 3 → 2 − 1·3/3 = 1
    const c = qiniCurve(y, s, t);
    expect(Array.from(c.k)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(c.qini)).toEqual([0, 1, 1, 2, 1, 0.5, 1]);
  });

  it('one point per run of tied scores; order within a tie is irrelevant', () => {
    // ties {0.3, 0.3}, {0.2, 0.2}: k=2: N_t 1, Y_t 1, N_c 1, Y_c 0 → 1; k=4: Y_t 1, Y_c 1, N_t = N_c = 2 → 0
    const a = qiniCurve([1, 0, 0, 1], [0.3, 0.3, 0.2, 0.2], [1, 0, 1, 0]);
    const b = qiniCurve([0, 1, 1, 0], [0.3, 0.3, 0.2, 0.2], [0, 1, 0, 1]);
    expect(Array.from(a.k)).toEqual([0, 2, 4]);
    expect(Array.from(a.qini)).toEqual([0, 1, 0]);
    expect(b).toEqual(a);
  });

  it('matches the sklift transcription on 40 rows with ties', () => {
    const c = qiniCurve(yR, sR, tR);
    expect(Array.from(c.k)).toEqual([0, 1, 7, 11, 16, 18, 21, 25, 29, 34, 37, 40]);
    const q = [
      0.0, 0.0, -0.5, -0.6666666666666667, -0.11111111111111116, -1.0, 0.36363636363636376, 0.8571428571428572,
      1.176470588235294, 1.4444444444444446, 1.210526315789474, 0.09090909090909083,
    ];
    q.forEach((v, i) => {
      expect(c.qini[i]).toBeCloseTo(v, 12);
    });
  });

  it('rejects bad input', () => {
    expect(() => qiniCurve([1, 0], [0.1], [1, 0])).toThrow(RangeError);
    expect(() => qiniCurve([1, 0], [0.1, 0.2], [1, 1])).toThrow(/both treated and control/);
    expect(() => qiniCurve([1, 0], [0.1, NaN], [1, 0])).toThrow(/finite/);
    expect(() => qiniCurve([1, 0], [0.1, 0.2], [1, 2])).toThrow(/treatment/);
    expect(() => qiniAuc([1, 0.5], [0.1, 0.2], [1, 0])).toThrow(/0\/1/);
  });
});

describe('qiniAuc (normalised area)', () => {
  it('by hand', () => {
    // model area (trapezoids over k = 0..6): 0.5 + 1 + 1.5 + 1.5 + 0.75 + 0.75 = 6; random: 6·1/2 = 3.
    // perfect score y·t − y·(1−t) = [1, 0, 1, −1, 0, 0] → runs {1,1}, {0,0,0}, {−1}: curve (0,0), (2,2), (5,2), (6,1)
    //   [k=5: N_t 3, Y_t 2, N_c 2, Y_c 0 → 2; k=6: Y_c 1, N_c 3 → 2 − 1 = 1] → area 2 + 6 + 1.5 = 9.5.
    // AUUC = (6 − 3)/(9.5 − 3) = 3/6.5
    expect(qiniAuc(y, s, t)).toBeCloseTo(3 / 6.5, 14);
    // the perfect score itself scores 1; reversing it scores below 0
    expect(qiniAuc(y, [1, 0, 1, -1, 0, 0], t)).toBeCloseTo(1, 14);
    expect(qiniAuc(y, [-1, 0, -1, 1, 0, 0], t)).toBeLessThan(0);
  });

  it('matches the sklift transcription on 40 rows', () => {
    expect(qiniAuc(yR, sR, tR)).toBeCloseTo(0.054599694778390426, 12);
  });
});

describe('upliftAtTopK', () => {
  it('by hand (overall and byGroup)', () => {
    // top 50 % = 3 rows (0, 1, 2): treated {0, 2} → 1, control {1} → 0 → 1
    expect(upliftAtTopK(y, s, t, { topPct: 50 })).toBeCloseTo(1, 14);
    // top 70 % = ⌊4.2⌋ = 4 rows: treated {0, 2} → 1, control {1, 3} → 0.5 → 0.5
    expect(upliftAtTopK(y, s, t, { topPct: 70 })).toBeCloseTo(0.5, 14);
    // top 90 % = 5 rows: treated {0, 2, 4} → 2/3, control {1, 3} → 0.5 → 1/6
    expect(upliftAtTopK(y, s, t, { topPct: 90 })).toBeCloseTo(1 / 6, 14);
    // byGroup 70 %: ⌊3·0.7⌋ = 2 of each group: treated {0, 2} → 1, control {1, 3} → 0.5
    expect(upliftAtTopK(y, s, t, { topPct: 70, strategy: 'byGroup' })).toBeCloseTo(0.5, 14);
    // byGroup 100 %: all: 2/3 − 1/3
    expect(upliftAtTopK(y, s, t, { topPct: 100, strategy: 'byGroup' })).toBeCloseTo(1 / 3, 14);
    // top 1 row has no control → NaN
    expect(upliftAtTopK(y, s, t, { topPct: 20 })).toBeNaN();
    expect(() => upliftAtTopK(y, s, t, { topPct: 0 })).toThrow(RangeError);
  });

  it('ties: the later row comes first, as in sklift', () => {
    // all scores equal: order is rows 3, 2, 1, 0. top 50 % = rows 3 (control, y 1) and 2 (treated, y 0) → 0 − 1 = −1
    expect(upliftAtTopK([1, 0, 0, 1], [0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], { topPct: 50 })).toBe(-1);
  });

  it('matches the sklift transcription on 40 rows', () => {
    expect(upliftAtTopK(yR, sR, tR, { topPct: 30 })).toBeCloseTo(-0.22857142857142854, 12);
    expect(upliftAtTopK(yR, sR, tR, { topPct: 30, strategy: 'byGroup' })).toBeCloseTo(-0.1333333333333333, 12);
  });
});

describe('tLearnerUplift', () => {
  it('difference of the two models, from functions or predictProba objects', () => {
    const X = fromRows([[0], [1], [2]]);
    const treated = (m: typeof X) => Float64Array.from({ length: m.rows }, (_, i) => 0.2 + 0.1 * m.data[i]);
    const control = { predictProba: (m: typeof X) => Float64Array.from({ length: m.rows }, (_, i) => 0.25) };
    // [0.2 − 0.25, 0.3 − 0.25, 0.4 − 0.25]
    expect(Array.from(tLearnerUplift(X, treated, control))).toEqual(
      [-0.05, 0.05, 0.15].map((v) => expect.closeTo(v, 14)),
    );
    expect(() => tLearnerUplift(X, () => [0.1], control)).toThrow(RangeError);
    expect(() => tLearnerUplift(X, () => [0.1, 2, 0.1], control)).toThrow(RangeError);
  });
});

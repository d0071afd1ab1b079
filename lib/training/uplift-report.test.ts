import { describe, expect, it } from 'vitest';
import { matrix } from '../ml/matrix';
import { Rng } from '../ml/rng';
import { upliftReport } from './uplift-report';

describe('upliftReport', () => {
  // x0 in {0,1}: the discount (column 1) lifts conversion only when x0 = 1 (p 0.1 → 0.4); else p stays 0.1
  const rng = new Rng(11);
  const n = 4000;
  const data = new Float64Array(n * 2);
  const y = new Float64Array(n);
  const truth = (x0: number, d: number) => (x0 === 1 && d > 0 ? 0.4 : 0.1);
  for (let i = 0; i < n; i++) {
    const x0 = rng.int(2),
      d = [0, 10][rng.int(2)];
    data.set([x0, d], i * 2);
    y[i] = rng.next() < truth(x0, d) ? 1 : 0;
  }
  const X = matrix(data, n, 2);
  const oracle = (m: typeof X) =>
    Float64Array.from({ length: m.rows }, (_, i) => truth(m.data[i * 2], m.data[i * 2 + 1]));
  const useless = (m: typeof X) => new Float64Array(m.rows).fill(0.2);

  it('scores the oracle far above a model that sees no uplift, on the 0% vs 10% rows', () => {
    const [good] = upliftReport(oracle, X, y, 1);
    const [flat] = upliftReport(useless, X, y, 1);
    expect([good.discountPct, good.rows]).toEqual([10, n]);
    expect(good.auuc).toBeGreaterThan(flat.auuc + 0.2);
    // the oracle's top 20% are all x0 = 1 customers: observed uplift there ≈ 0.4 − 0.1 = 0.3
    expect(good.upliftTop20).toBeGreaterThan(0.2);
    expect(good.upliftTop20).toBeLessThan(0.4);
    expect(good.qini[0]).toEqual({ k: 0, qini: 0 });
  });

  it('reports a T-learner scorer beside the single model: the oracle difference scores as the oracle does', () => {
    const oracleUplift = (m: typeof X) =>
      Float64Array.from({ length: m.rows }, (_, i) => truth(m.data[i * 2], 10) - truth(m.data[i * 2], 0));
    const [r] = upliftReport(oracle, X, y, 1, () => oracleUplift);
    expect(r.tLearnerAuuc).toBeCloseTo(r.auuc, 12);
    const [none] = upliftReport(oracle, X, y, 1, () => null);
    expect(none.tLearnerAuuc).toBeUndefined();
  });

  it('reports each arm against the control arm, with the random-ranking baseline and observed rates', () => {
    // arms coded 0 = "A", 1 = "Control", 2 = "B": A lifts x0 = 1 customers (0.1 → 0.4), B lifts nobody
    const r2 = new Rng(5);
    const m = 6000;
    const d2 = new Float64Array(m * 2);
    const y2 = new Float64Array(m);
    const p = (x0: number, arm: number) => (arm === 0 && x0 === 1 ? 0.4 : 0.1);
    for (let i = 0; i < m; i++) {
      const x0 = r2.int(2),
        arm = r2.int(3);
      d2.set([x0, arm], i * 2);
      y2[i] = r2.next() < p(x0, arm) ? 1 : 0;
    }
    const X2 = matrix(d2, m, 2);
    const oracle2 = (mm: typeof X2) =>
      Float64Array.from({ length: mm.rows }, (_, i) => p(mm.data[i * 2], mm.data[i * 2 + 1]));
    const out = upliftReport(oracle2, X2, y2, { column: 1, control: 1, arms: ['A', 'Control', 'B'] });
    expect(out.map((u) => [u.arm, u.control, u.discountPct])).toEqual([
      ['A', 'Control', undefined],
      ['B', 'Control', undefined],
    ]);
    const rows = (a: number) => Array.from({ length: m }, (_, i) => d2[i * 2 + 1]).filter((v) => v === a).length;
    expect(out[0].rows).toBe(rows(0) + rows(1));
    expect(out[0].treatedRows).toBe(rows(0));
    // A's true uplift averages 0.15; B's is 0
    expect(out[0].treatedRate! - out[0].controlRate!).toBeGreaterThan(0.1);
    expect(Math.abs(out[1].treatedRate! - out[1].controlRate!)).toBeLessThan(0.03);
    expect(out[0].auuc).toBeGreaterThan(out[0].randomAuuc! + 0.2);
    expect(Math.abs(out[0].randomAuuc!)).toBeLessThan(0.1);
  });
});

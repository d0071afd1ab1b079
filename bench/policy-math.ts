/**
 * Benchmark: lib/policies/math on product-sized inputs.
 *
 *   npx tsx bench/policy-math.ts
 *
 * 1. optimiseDiscounts on 100,000 customers × 5 levels: unconstrained argmax (baseline, one pass) vs the budgeted
 *    Lagrangian bisection, and profitCurve (exact hull path) for 1 and for 25 budgets — plus how far the
 *    bisection answer lands from the budget and from its upper bound.
 * 2. evaluatePolicy on a 200,000-row log: IPS/SNIPS/DR for 4 metrics (baseline) vs the same with a 200-sample
 *    bootstrap.
 * Times are the median of 5 runs (3 with bootstrap) in one process, after one untimed warm-up run. The machine is
 * shared (2 cores), so expect ±30 % noise between runs.
 */
import { Rng } from '../lib/ml/rng';
import { evaluatePolicy, type LoggedExposure, outcomeModelsFromConversion } from '../lib/policies/math/off-policy';
import { type CustomerOffers, optimiseDiscounts, profitCurve } from '../lib/policies/math/profit';

const LEVELS = [0, 5, 10, 15, 20];

function median(fn: () => void, repeats = 5): number {
  fn(); // warm-up (JIT), not timed
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

const rng = new Rng(20240601);
const customers: CustomerOffers[] = Array.from({ length: 100_000 }, (_, i) => {
  const base = 0.01 + 0.15 * rng.next(),
    elasticity = 0.01 * rng.next();
  const p: Record<number, number> = {};
  for (const d of LEVELS) p[d] = Math.min(1, base * (1 + elasticity * d * 10));
  return { id: `c${i}`, orderValue: 20 + 180 * rng.next(), pConvertByDiscount: p };
});
const free = optimiseDiscounts(customers, { marginPct: 35 });
const budget = 0.5 * free.totalExpectedSpend;
const budgets = Array.from({ length: 25 }, (_, j) => (free.totalExpectedSpend * j) / 24);

const tFree = median(() => optimiseDiscounts(customers, { marginPct: 35 }));
const tBudget = median(() => optimiseDiscounts(customers, { marginPct: 35, budget }));
const tCurve1 = median(() => profitCurve(customers, [budget], { marginPct: 35 }));
const tCurve25 = median(() => profitCurve(customers, budgets, { marginPct: 35 }));
const r = optimiseDiscounts(customers, { marginPct: 35, budget });
console.log('optimiseDiscounts, 100,000 customers × 5 levels');
console.log(`  unconstrained argmax (baseline)   ${tFree.toFixed(1)} ms`);
console.log(
  `  budget = 50 % of free spend       ${tBudget.toFixed(1)} ms  (×${(tBudget / tFree).toFixed(1)}, ${r.iterations} bisection steps)`,
);
console.log(`  profitCurve, 1 budget             ${tCurve1.toFixed(1)} ms  (×${(tCurve1 / tFree).toFixed(1)})`);
console.log(`  profitCurve, 25 budgets           ${tCurve25.toFixed(1)} ms  (×${(tCurve25 / tFree).toFixed(1)})`);
console.log(
  `  budget ${budget.toFixed(2)}: spend ${r.totalExpectedSpend.toFixed(2)} (unused ${r.budgetUnused!.toExponential(2)}), ` +
    `profit ${r.totalExpectedProfit.toFixed(2)}, bound ${r.upperBound.toFixed(2)} (gap ${(r.upperBound - r.totalExpectedProfit).toExponential(2)}), ` +
    `unconstrained profit ${free.totalExpectedProfit.toFixed(2)}`,
);

interface Row extends LoggedExposure {
  features: { x: number };
}
const pTrue = (x: number, d: number) => 0.04 + 0.08 * x + 0.004 * d;
const log: Row[] = Array.from({ length: 200_000 }, () => {
  const x = rng.next(),
    d = LEVELS[rng.int(5)];
  const converted = rng.next() < pTrue(x, d) ? 1 : 0;
  return {
    features: { x },
    discountPct: d,
    propensity: 0.2,
    converted,
    revenue: converted ? (40 + 60 * x) * (1 - d / 100) : 0,
  };
});
const models = outcomeModelsFromConversion<Row>({
  pConvert: (row, d) => pTrue(row.features.x, d),
  orderValue: (row) => 40 + 60 * row.features.x,
  marginPct: 30,
});
const policy = (row: Row) => (row.features.x > 0.5 ? 20 : 0);
const tEval = median(() => evaluatePolicy({ log, policy, marginPct: 30, outcomeModels: models }));
const tBoot = median(
  () => evaluatePolicy({ log, policy, marginPct: 30, outcomeModels: models, bootstrap: { samples: 200 } }),
  3,
);
console.log('evaluatePolicy, 200,000 rows, 4 metrics × IPS/SNIPS/DR');
console.log(`  normal CIs (baseline)             ${tEval.toFixed(1)} ms`);
console.log(`  + bootstrap 200 samples           ${tBoot.toFixed(1)} ms  (×${(tBoot / tEval).toFixed(1)})`);

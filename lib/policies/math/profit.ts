/**
 * Expected profit of a discount offer, and the choice of one discount per customer (optionally under a budget).
 * Pure functions on plain objects — no I/O.
 *
 * UNITS. Percentages are in percent (discountPct 10 = 10 %). `orderValue` V is the LIST value of the basket the
 * customer would buy (before discount). m = marginPct/100 is the gross margin on the list price, so the cost of
 * goods of an order is V·(1 − m); d = discountPct/100.
 *
 * FORMULAS (p = P(convert | customer, d)):
 *   revenue if converted        R  = V·(1 − d)                       (what the customer pays)
 *   cost of goods if converted  CG = V·(1 − m)
 *   discount cost if converted  DC = V·d                             (list value given away)
 *   expected profit             π(d) = p·(R − CG − fixedCost) = p·(V·(m − d) − fixedCost)
 *   expected discount spend     s(d) = p·V·d                         (the budget counts this)
 *   The same per-order definitions are used by off-policy.ts (realised outcomes) and lib/experiments.
 *
 * OPTIMISATION (optimiseDiscounts). Customer i may get a level d from `levels` (restricted to ≤ maxDiscountPct);
 *   0 % ("show no discount") is always a candidate and is what ineligible customers get (excluded segment or
 *   eligibility(c) false). Without a budget each customer gets argmax_d π_i(d) (ties → lower spend, then the lower
 *   discount). With a budget B on Σ_i s_i(d_i) this is a multiple-choice knapsack; we solve its Lagrangian
 *   relaxation: for λ ≥ 0 each customer takes argmax_d π_i(d) − λ·s_i(d) (same tie rule), total spend S(λ) is
 *   non-increasing in λ, and bisection finds (to `tolerance`) the smallest λ* with S(λ*) ≤ B.
 *   Guarantees (Everett 1963):
 *     • the returned assignment is EXACTLY optimal for the budget it actually spends, S(λ*) ≤ B;
 *     • for budget B, no assignment earns more than  upperBound = profit + λ*·(B − S(λ*))  (the Lagrangian dual
 *       value; it equals the optimum of the LP relaxation, in which customers may be randomised between levels —
 *       "the relaxed problem" — reached by randomising the customer(s) whose choice flips at λ*);
 *     • how far from the budget it lands: B − S(λ*) is less than the extra spend of the customers indifferent at
 *       λ* (generically ONE customer's step between two adjacent levels), so with many customers the unused
 *       budget, and the profit lost (≤ λ*·(B − S(λ*))), are negligible; with few customers they can be large
 *       (see the tests). `budgetUnused` and `upperBound` are returned so callers can show the gap.
 *
 * PROFIT CURVE (profitCurve). The Lagrangian path is computed exactly once: per customer, the upper-left concave
 *   hull of its points (s(d), π(d)) gives increments (Δs, Δπ) with decreasing slopes Δπ/Δs > 0; sorted across
 *   customers by slope (equal slopes grouped, as the Lagrangian takes them together), the solution for budget B
 *   takes the longest prefix of groups whose cumulative spend fits — the greedy-by-ratio rule, which is the same
 *   assignment optimiseDiscounts finds by bisection, at O(n log n) for all budgets together.
 */

/** Inputs of expectedProfit / expectedDiscountSpend. */
export interface OfferEconomics {
  /** P(convert | customer, this discount), in [0, 1]. */
  pConvert: number;
  /** List value of the order before discount (≥ 0). */
  orderValue: number;
  /** Discount in percent, in [0, 100]. */
  discountPct: number;
  /** Gross margin on the list price in percent, in [0, 100]. */
  marginPct: number;
  /** Fixed cost per converted order (shipping, handling), default 0. */
  fixedCost?: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

function checkEconomics({ pConvert, orderValue, discountPct, marginPct, fixedCost = 0 }: OfferEconomics): void {
  if (!(pConvert >= 0 && pConvert <= 1)) throw new RangeError(`pConvert must be in [0, 1] (got ${pConvert})`);
  if (!(Number.isFinite(orderValue) && orderValue >= 0))
    throw new RangeError(`orderValue must be finite and ≥ 0 (got ${orderValue})`);
  if (!(discountPct >= 0 && discountPct <= 100))
    throw new RangeError(`discountPct must be in [0, 100] (got ${discountPct})`);
  if (!(marginPct >= 0 && marginPct <= 100)) throw new RangeError(`marginPct must be in [0, 100] (got ${marginPct})`);
  if (!Number.isFinite(fixedCost)) throw new RangeError(`fixedCost must be finite (got ${fixedCost})`);
}

/** π = p·(V·(1 − d) − V·(1 − m) − fixedCost): revenue after discount minus cost of goods (and fixed cost), × p. */
export function expectedProfit(e: OfferEconomics): number {
  checkEconomics(e);
  const { pConvert: p, orderValue: v, discountPct, marginPct, fixedCost = 0 } = e;
  return p * (v * (1 - discountPct / 100) - v * (1 - marginPct / 100) - fixedCost);
}

/** s = p·V·d: expected list value given away as discount. */
export function expectedDiscountSpend(e: Pick<OfferEconomics, 'pConvert' | 'orderValue' | 'discountPct'>): number {
  checkEconomics({ ...e, marginPct: 0 });
  return (e.pConvert * e.orderValue * e.discountPct) / 100;
}

export interface CustomerOffers {
  id: string;
  /** P(convert) per discount level (percent → probability); needs every candidate level, including 0. */
  pConvertByDiscount: Record<number, number>;
  orderValue: number;
  segment?: string;
}

export interface OptimiseOptions {
  /** Candidate discount levels in percent. Default [0, 5, 10, 15, 20]; 0 is always added. */
  levels?: number[];
  marginPct: number;
  /** Fixed cost per converted order, default 0. */
  fixedCost?: number;
  /** Max total expected discount spend Σ p·V·d; omitted = no budget. */
  budget?: number;
  /** Levels above this are not offered. Default: no cap. */
  maxDiscountPct?: number;
  /** Customers in these segments get 0 %. */
  excludedSegments?: string[];
  /** Customers for which this returns false get 0 %. */
  eligibility?: (c: CustomerOffers) => boolean;
  /** Bisection stops when the λ bracket is narrower than tolerance·max(1, λ). Default 1e-12. */
  tolerance?: number;
  /** Bisection iteration cap. Default 200. */
  maxIterations?: number;
}

export interface CustomerDecision {
  id: string;
  discountPct: number;
  pConvert: number;
  expectedProfit: number;
  expectedSpend: number;
  eligible: boolean;
}

export interface OptimiseResult {
  decisions: CustomerDecision[];
  totalExpectedProfit: number;
  totalExpectedSpend: number;
  /** Customers per chosen level (all candidate levels listed, 0 counts included). */
  countByDiscount: Record<number, number>;
  /** λ* (0 without a budget or when the unconstrained optimum fits). */
  lambda: number;
  budget: number | null;
  /** B − total spend (null without a budget). */
  budgetUnused: number | null;
  /** Lagrangian dual bound on the best profit any assignment within the budget can reach (= total profit without a budget). */
  upperBound: number;
  iterations: number;
}

/**
 * Candidate table in flat arrays (one allocation for all customers): customer i's options are the entries
 * start[i] .. start[i+1] − 1, levels ascending.
 */
interface Candidates {
  start: Int32Array;
  eligible: Uint8Array;
  level: Float64Array;
  p: Float64Array;
  profit: Float64Array;
  spend: Float64Array;
}

function buildCandidates(customers: readonly CustomerOffers[], o: OptimiseOptions): Candidates {
  const { marginPct, fixedCost = 0, maxDiscountPct = 100, excludedSegments = [], eligibility } = o;
  const levels = o.levels ?? [0, 5, 10, 15, 20];
  check(Array.isArray(levels) && levels.length > 0, 'levels must be a non-empty array');
  for (const d of levels) check(d >= 0 && d <= 100, `levels must be in [0, 100] (got ${d})`);
  check(maxDiscountPct >= 0, `maxDiscountPct must be ≥ 0 (got ${maxDiscountPct})`);
  check(marginPct >= 0 && marginPct <= 100, `marginPct must be in [0, 100] (got ${marginPct})`);
  check(Number.isFinite(fixedCost), `fixedCost must be finite (got ${fixedCost})`);
  const allowed = [...new Set([0, ...levels])].filter((d) => d <= maxDiscountPct).sort((a, b) => a - b);
  const excluded = new Set(excludedSegments);
  const n = customers.length;
  const start = new Int32Array(n + 1),
    eligible = new Uint8Array(n);
  customers.forEach((c, i) => {
    eligible[i] =
      !(c.segment !== undefined && excluded.has(c.segment)) && (eligibility ? eligibility(c) : true) ? 1 : 0;
    start[i + 1] = start[i] + (eligible[i] ? allowed.length : 1);
  });
  const total = start[n];
  const t: Candidates = {
    start,
    eligible,
    level: new Float64Array(total),
    p: new Float64Array(total),
    profit: new Float64Array(total),
    spend: new Float64Array(total),
  };
  const seen = new Set<string>();
  const m = marginPct / 100;
  customers.forEach((c, i) => {
    if (seen.has(c.id)) throw new RangeError(`duplicate customer id ${c.id}`);
    seen.add(c.id);
    const v = c.orderValue;
    if (!(Number.isFinite(v) && v >= 0))
      throw new RangeError(`customer ${c.id}: orderValue must be finite and ≥ 0 (got ${v})`);
    for (let j = start[i]; j < start[i + 1]; j++) {
      const d = eligible[i] ? allowed[j - start[i]] : 0;
      const pc = c.pConvertByDiscount[d];
      if (typeof pc !== 'number') throw new RangeError(`customer ${c.id}: no pConvert for discount ${d}%`);
      if (!(pc >= 0 && pc <= 1))
        throw new RangeError(`customer ${c.id}: pConvert for ${d}% must be in [0, 1] (got ${pc})`);
      t.level[j] = d;
      t.p[j] = pc;
      t.profit[j] = pc * (v * (m - d / 100) - fixedCost); // = expectedProfit(...)
      t.spend[j] = (pc * v * d) / 100; // = expectedDiscountSpend(...)
    }
  });
  return t;
}

/** Entry of customer i maximising profit − λ·spend; ties → lower spend, then lower level. */
function choose(t: Candidates, i: number, lambda: number): number {
  let best = t.start[i],
    bestVal = t.profit[best] - lambda * t.spend[best];
  for (let j = best + 1; j < t.start[i + 1]; j++) {
    const v = t.profit[j] - lambda * t.spend[j];
    if (v > bestVal || (v === bestVal && t.spend[j] < t.spend[best])) {
      best = j;
      bestVal = v;
    }
  }
  return best;
}

function totalSpend(t: Candidates, lambda: number): number {
  let s = 0;
  for (let i = 0; i + 1 < t.start.length; i++) s += t.spend[choose(t, i, lambda)];
  return s;
}

/** Chooses one discount per customer: argmax profit, or the Lagrangian solution under `budget` (see header). */
export function optimiseDiscounts(customers: readonly CustomerOffers[], options: OptimiseOptions): OptimiseResult {
  const { budget, tolerance = 1e-12, maxIterations = 200 } = options;
  if (budget !== undefined)
    check(Number.isFinite(budget) && budget >= 0, `budget must be finite and ≥ 0 (got ${budget})`);
  check(tolerance > 0, `tolerance must be > 0 (got ${tolerance})`);
  check(
    Number.isInteger(maxIterations) && maxIterations > 0,
    `maxIterations must be a positive integer (got ${maxIterations})`,
  );
  const t = buildCandidates(customers, options);
  const n = customers.length;

  let lambda = 0,
    iterations = 0;
  if (budget !== undefined && totalSpend(t, 0) > budget) {
    // Above hi every customer prefers 0 % (its first entry, spend 0) to any entry with spend > 0: S(hi) = 0 ≤ budget.
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const z = t.start[i];
      for (let j = z + 1; j < t.start[i + 1]; j++)
        if (t.spend[j] > 0) hi = Math.max(hi, (t.profit[j] - t.profit[z]) / t.spend[j]);
    }
    hi = hi * 2 + 1;
    let lo = 0;
    while (hi - lo > tolerance * Math.max(1, hi) && iterations < maxIterations) {
      const mid = 0.5 * (lo + hi);
      if (totalSpend(t, mid) <= budget) hi = mid;
      else lo = mid;
      iterations++;
    }
    lambda = hi;
  }

  const countByDiscount: Record<number, number> = {};
  for (const d of t.level) countByDiscount[d] = 0;
  let totalExpectedProfit = 0,
    totalExpectedSpend = 0;
  const decisions = customers.map((c, i) => {
    const j = choose(t, i, lambda);
    totalExpectedProfit += t.profit[j];
    totalExpectedSpend += t.spend[j];
    countByDiscount[t.level[j]]++;
    return {
      id: c.id,
      discountPct: t.level[j],
      pConvert: t.p[j],
      expectedProfit: t.profit[j],
      expectedSpend: t.spend[j],
      eligible: t.eligible[i] === 1,
    };
  });
  const budgetUnused = budget === undefined ? null : budget - totalExpectedSpend;
  return {
    decisions,
    totalExpectedProfit,
    totalExpectedSpend,
    countByDiscount,
    lambda,
    budget: budget ?? null,
    budgetUnused,
    upperBound: totalExpectedProfit + (budgetUnused === null ? 0 : lambda * budgetUnused),
    iterations,
  };
}

export interface ProfitCurvePoint {
  budget: number;
  expectedProfit: number;
  expectedSpend: number;
  /** λ* for this budget (0 once the unconstrained optimum fits). */
  lambda: number;
  /** Lagrangian / LP-relaxation bound, as in OptimiseResult. */
  upperBound: number;
}

/**
 * "Expected profit vs budget": for each budget, the Lagrangian assignment optimiseDiscounts would return (computed
 * exactly from the per-customer hull increments, see header). `options` as optimiseDiscounts without `budget`.
 */
export function profitCurve(
  customers: readonly CustomerOffers[],
  budgets: readonly number[],
  options: Omit<OptimiseOptions, 'budget' | 'tolerance' | 'maxIterations'>,
): ProfitCurvePoint[] {
  for (const b of budgets) check(Number.isFinite(b) && b >= 0, `budgets must be finite and ≥ 0 (got ${b})`);
  const t = buildCandidates(customers, options);
  let baseProfit = 0;
  const steps: { slope: number; dSpend: number; dProfit: number }[] = [];
  for (let i = 0; i < customers.length; i++) {
    const from = t.start[i],
      to = t.start[i + 1];
    // Start: the cheapest entry (ties → higher profit, then lower level).
    let cur = from;
    for (let j = from + 1; j < to; j++) {
      if (t.spend[j] < t.spend[cur] || (t.spend[j] === t.spend[cur] && t.profit[j] > t.profit[cur])) cur = j;
    }
    baseProfit += t.profit[cur];
    for (;;) {
      let next = -1,
        bestSlope = 0;
      for (let j = from; j < to; j++) {
        if (!(t.spend[j] > t.spend[cur])) continue;
        const slope = (t.profit[j] - t.profit[cur]) / (t.spend[j] - t.spend[cur]);
        // Steepest positive slope; on a tie the farthest point (the Lagrangian jumps there in one go).
        if (slope > bestSlope || (next >= 0 && slope === bestSlope && t.spend[j] > t.spend[next])) {
          next = j;
          bestSlope = slope;
        }
      }
      if (next < 0) break;
      steps.push({ slope: bestSlope, dSpend: t.spend[next] - t.spend[cur], dProfit: t.profit[next] - t.profit[cur] });
      cur = next;
    }
  }
  steps.sort((a, b) => b.slope - a.slope);
  // Groups of equal slope: cumulative spend/profit after each group, and the group's slope.
  const cumSpend: number[] = [0],
    cumProfit: number[] = [baseProfit],
    groupSlope: number[] = [];
  for (let i = 0; i < steps.length; ) {
    let s = cumSpend[cumSpend.length - 1],
      p = cumProfit[cumProfit.length - 1];
    const slope = steps[i].slope;
    for (; i < steps.length && steps[i].slope === slope; i++) {
      s += steps[i].dSpend;
      p += steps[i].dProfit;
    }
    cumSpend.push(s);
    cumProfit.push(p);
    groupSlope.push(slope);
  }
  return budgets.map((budget) => {
    // Largest g with cumSpend[g] ≤ budget (cumSpend is non-decreasing).
    let lo = 0,
      hi = cumSpend.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cumSpend[mid] <= budget) lo = mid;
      else hi = mid - 1;
    }
    const lambda = lo < groupSlope.length ? groupSlope[lo] : 0;
    return {
      budget,
      expectedProfit: cumProfit[lo],
      expectedSpend: cumSpend[lo],
      lambda,
      upperBound: cumProfit[lo] + lambda * (budget - cumSpend[lo]),
    };
  });
}

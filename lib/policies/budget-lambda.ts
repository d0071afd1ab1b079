import 'server-only';
import type { OrgContext } from '../auth/context';
import { readComputed, storeComputed } from '../computed/computed-store';
import { db } from '../db';
import { AppError } from '../http/errors';
import { scoreCustomersAtLevels } from '../serving/batch-scores';
import { servedModel, servingAsOf } from '../serving/score';
import { ttlCache } from '../serving/ttl-cache';
import { optimiseDiscounts } from './math/profit';
import { type PolicyRules, ZPolicyRules } from './rules';

/**
 * The Lagrange multiplier λ that makes a model-optimal version respect its budget: the optimiser (bisection on λ,
 * lib/policies/math/profit.ts) is run over the organisation's current customers scored at every level, with
 * budget = budgetPerOffer × customers; offers then pick argmax(profit − λ·spend) per customer, so the average
 * expected spend per offer meets the budget for this population.
 *
 * Calibrating scores every customer (7 s at demo scale 10), so it is a stored result (lib/computed/): the worker
 * computes it when the version is drafted and again whenever an import changes the data, and the offers API only
 * reads it (cached per process for 5 s). A version the worker has not reached yet is calibrated once by the
 * first request that needs it, which stores the result.
 */
type ModelOptimal = Extract<PolicyRules, { mode: 'model-optimal' }>;
export interface BudgetLambdaResult {
  lambda: number;
  customers: number;
}

export async function calibrateBudgetLambda(ctx: OrgContext, rules: ModelOptimal): Promise<BudgetLambdaResult> {
  if (!rules.budgetPerOffer) return { lambda: 0, customers: 0 };
  const model = await servedModel(ctx, rules.modelVersionId);
  const levels = rules.levels.filter((d) => d <= rules.maxDiscountPct);
  const P = await scoreCustomersAtLevels(ctx, model, await servingAsOf(ctx.orgId), levels);
  const customers = [...P.entries()].map(([id, m]) => ({
    id,
    pConvertByDiscount: Object.fromEntries(m),
    orderValue: rules.orderValue,
  }));
  const r = optimiseDiscounts(customers, {
    levels,
    marginPct: rules.marginPct,
    budget: rules.budgetPerOffer * customers.length,
  });
  return { lambda: r.lambda, customers: customers.length };
}

/** The worker's computation of one version's λ (key = policy version id). */
export async function calibrateVersionLambda(ctx: OrgContext, versionId: string): Promise<BudgetLambdaResult> {
  const v = await db.policyVersion.findFirst({
    where: { id: versionId, organizationId: ctx.orgId },
    select: { rules: true },
  });
  if (!v) throw AppError.notFound('Policy version');
  const rules = ZPolicyRules.parse(v.rules);
  return rules.mode === 'model-optimal' ? calibrateBudgetLambda(ctx, rules) : { lambda: 0, customers: 0 };
}

const stored = ttlCache<number>(5000);

export function budgetLambda(ctx: OrgContext, versionId: string, rules: ModelOptimal): Promise<number> {
  if (!rules.budgetPerOffer) return Promise.resolve(0);
  return stored(`${ctx.orgId}:lambda:${versionId}`, async () => {
    const s = await readComputed<BudgetLambdaResult>(ctx.orgId, 'BUDGET_LAMBDA', versionId);
    if (s?.value) return s.value.lambda;
    const t0 = performance.now();
    const r = await calibrateBudgetLambda(ctx, rules);
    await storeComputed(ctx.orgId, 'BUDGET_LAMBDA', versionId, r, Math.round(performance.now() - t0));
    return r.lambda;
  });
}

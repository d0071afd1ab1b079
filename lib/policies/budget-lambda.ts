import 'server-only';
import type { OrgContext } from '../auth/context';
import { scoreCustomersAtLevels } from '../serving/batch-scores';
import { servedModel, servingAsOf } from '../serving/score';
import { optimiseDiscounts } from './math/profit';
import type { PolicyRules } from './rules';

/**
 * The Lagrange multiplier λ that makes a model-optimal version respect its budget: the optimiser (bisection on λ,
 * lib/policies/math/profit.ts) is run over the organisation's current customers scored at every level, with
 * budget = budgetPerOffer × customers; offers then pick argmax(profit − λ·spend) per customer, so the average
 * expected spend per offer meets the budget for this population. Cached per version for 10 minutes.
 */
const cache = new Map<string, { at: number; lambda: Promise<number> }>();
const TTL_MS = 10 * 60_000;

export function budgetLambda(
  ctx: OrgContext,
  versionId: string,
  rules: Extract<PolicyRules, { mode: 'model-optimal' }>,
): Promise<number> {
  if (!rules.budgetPerOffer) return Promise.resolve(0);
  const hit = cache.get(versionId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.lambda;
  const lambda = (async () => {
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
      budget: rules.budgetPerOffer! * customers.length,
    });
    return r.lambda;
  })();
  lambda.catch(() => cache.delete(versionId));
  cache.set(versionId, { at: Date.now(), lambda });
  return lambda;
}

import 'server-only';
import type { OrgContext } from '../auth/context';
import { DISCOUNT_COLUMN, rawInputFromAggregate } from '../features/feature-schema';
import { toAggregate } from '../features/live-aggregate';
import { pgPool } from '../pg-pool';
import { budgetLambda } from '../policies/budget-lambda';
import { topCategory } from '../policies/category-recommender';
import { evaluateRules, type PolicyRules, ZPolicyRules } from '../policies/rules';
import { pendingDiscounted } from './decision-log';
import { readFeaturesMany } from './feature-store';
import { servedModel, servingAsOf } from './score';
import type { ServedCustomer } from './served-customers';

export interface PolicyCase {
  version: { id: string; version: number; rules: unknown };
  customer: ServedCustomer;
}

export interface PolicyAnswer {
  discountPct: number;
  reason: string;
  options: unknown;
  score: { modelVersionId: string; byDiscount: Record<number, number> } | null;
  category: string | null;
}

/**
 * Policy versions' answers for many (version, customer) cases, prepared together so that a batch costs what one
 * call costs: rules parsed once per version; for model-optimal rules P(convert) at every level of every case from
 * ONE onnxruntime run per served model (cases × levels rows); frequency-cap counts of every customer in one
 * grouped query per cap window; the budget multiplier λ once per version. `decide(i, earlier)` then evaluates case
 * i's rules; `earlier` is the number of discounted offers this same batch already gave that customer (a batch
 * answers as the same calls made one after another would). `store: false` (sandbox keys) computes missing
 * feature-store rows without writing them.
 */
export async function preparePolicyCases(ctx: OrgContext, cases: PolicyCase[], opts: { store: boolean }) {
  const rulesOf = new Map<string, PolicyRules>();
  for (const c of cases) if (!rulesOf.has(c.version.id)) rulesOf.set(c.version.id, ZPolicyRules.parse(c.version.rules));
  const rules = cases.map((c) => rulesOf.get(c.version.id)!);

  // P(convert) of model-optimal cases: one run per model over every case × level
  const scores: (PolicyAnswer['score'] | null)[] = cases.map(() => null);
  const optimal = cases.flatMap((_, i) => (rules[i].mode === 'model-optimal' ? [i] : []));
  if (optimal.length) {
    const features = await readFeaturesMany(
      ctx.orgId,
      optimal.map((i) => cases[i].customer),
      opts,
    );
    const asOf = await servingAsOf(ctx.orgId);
    const byModel = new Map<string, number[]>();
    for (const i of optimal) {
      const r = rules[i] as Extract<PolicyRules, { mode: 'model-optimal' }>;
      byModel.set(r.modelVersionId, [...(byModel.get(r.modelVersionId) ?? []), i]);
    }
    for (const [modelVersionId, idx] of byModel) {
      const model = await servedModel(ctx, modelVersionId);
      const width = model.schema.features.length;
      const levelsOf = (i: number) => (rules[i] as Extract<PolicyRules, { mode: 'model-optimal' }>).levels;
      const n = idx.reduce((s, i) => s + levelsOf(i).length, 0);
      const rows = new Float32Array(n * width);
      let at = 0;
      for (const i of idx) {
        const customer = cases[i].customer;
        // features as of the organisation's data cut-off; models trained on arms score the control arm
        const raw = rawInputFromAggregate(
          model.schema,
          toAggregate(features.get(customer.id)!),
          0,
          customer.country,
          asOf,
          {
            attributes: customer.attributes,
            arm: model.schema.arms?.control,
          },
        );
        for (const d of levelsOf(i)) {
          rows.set(raw, at * width);
          rows[at * width + DISCOUNT_COLUMN] = d;
          at++;
        }
      }
      const p = await model.run(rows, n);
      at = 0;
      for (const i of idx) {
        const byDiscount: Record<number, number> = {};
        for (const d of levelsOf(i)) byDiscount[d] = p[at++];
        scores[i] = { modelVersionId: model.id, byDiscount };
      }
    }
  }

  // discounted offers already logged for each capped customer within its window: one query per window length.
  // Discounted decisions still waiting for their group commit (lib/serving/decision-log.ts) count too: read first,
  // left out of the database count, so one committed in between is counted once.
  const recent = new Map<string, number>(); // `${days}:${customerId}` → count
  const windows = new Set(rules.flatMap((r) => (r.frequencyCap ? [r.frequencyCap.perDays] : [])));
  for (const days of windows) {
    const ids = [...new Set(cases.flatMap((c, i) => (rules[i].frequencyCap?.perDays === days ? [c.customer.id] : [])))];
    const waiting = pendingDiscounted(ids);
    const r = await pgPool().query<{ customerId: string; n: string }>(
      `SELECT "customerId", count(*) AS n FROM "PolicyDecision"
       WHERE "organizationId" = $1 AND "customerId" = ANY($2::text[]) AND "discountPct" > 0
         AND "createdAt" > now() - make_interval(days => $3) AND NOT (id = ANY($4::text[]))
       GROUP BY "customerId"`,
      [ctx.orgId, ids, days, [...waiting.values()].flat()],
    );
    for (const row of r.rows) recent.set(`${days}:${row.customerId}`, Number(row.n));
    for (const [customerId, w] of waiting)
      recent.set(`${days}:${customerId}`, (recent.get(`${days}:${customerId}`) ?? 0) + w.length);
  }

  const lambdas = new Map<string, number>();
  for (const [id, r] of rulesOf) lambdas.set(id, r.mode === 'model-optimal' ? await budgetLambda(ctx, id, r) : 0);

  return {
    async decide(i: number, earlier: number): Promise<PolicyAnswer> {
      const r = rules[i];
      const { customer, version } = cases[i];
      const score = scores[i];
      const d = evaluateRules(r, {
        segmentIds: customer.segments,
        pConvert: score ? (x) => score.byDiscount[x] ?? 0 : undefined,
        recentDiscountedOffers: r.frequencyCap
          ? (recent.get(`${r.frequencyCap.perDays}:${customer.id}`) ?? 0) + earlier
          : 0,
        lambda: lambdas.get(version.id) ?? 0,
      });
      const category = r.attachToTopCategory && d.discountPct > 0 ? await topCategory(ctx.orgId, customer.id) : null;
      return {
        discountPct: d.discountPct,
        reason: `policy version ${version.version}: ${d.reason}`,
        options: d.options,
        score,
        category,
      };
    },
  };
}

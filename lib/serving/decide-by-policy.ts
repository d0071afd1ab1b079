import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { DISCOUNT_COLUMN, rawInputFromAggregate } from '../features/feature-schema';
import { toAggregate } from '../features/live-aggregate';
import { AppError } from '../http/errors';
import { pgPool } from '../pg-pool';
import { budgetLambda } from '../policies/budget-lambda';
import { topCategory } from '../policies/category-recommender';
import {
  type ContextualModel,
  contextualCustomerSeed,
  contextualModel,
  contextualModelProblem,
  contextualProbabilities,
  decisionUniform,
} from '../policies/contextual-mode';
import { contextualLevels, evaluateRules, type PolicyRules, ZPolicyRules } from '../policies/rules';
import { pendingDiscounted } from './decision-log';
import { readFeaturesMany } from './feature-store';
import { servedModel, servingAsOf } from './score';
import type { ServedCustomer } from './served-customers';
import { ttlCache } from './ttl-cache';

const contextualModels = ttlCache<ContextualModel>(60_000);

/** The posterior of a contextual policy's model (cached a minute per organisation and version). */
function loadContextualModel(orgId: string, modelVersionId: string): Promise<ContextualModel> {
  return contextualModels(`${orgId}:${modelVersionId}`, async () => {
    const m = await db.modelVersion.findFirst({
      where: { id: modelVersionId, organizationId: orgId },
      select: { name: true, version: true, algorithm: true, modelJson: true },
    });
    if (!m) throw AppError.notFound('Model version');
    const problem = contextualModelProblem(m);
    if (problem) throw new AppError('unprocessable', problem);
    return contextualModel(m.modelJson);
  });
}

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
  /** contextual mode: the probability with which the answered level was drawn (absent: deterministic) */
  levelProbability?: number;
  /** contextual mode: the customer's probability of each eligible level */
  probabilities?: Record<number, number>;
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
  // contextual cases are scored the same way (P(convert) at the posterior mean is logged) and keep their raw rows
  // for the posterior draws
  const optimal = cases.flatMap((_, i) =>
    rules[i].mode === 'model-optimal' || rules[i].mode === 'contextual' ? [i] : [],
  );
  const rawOf = new Map<number, Float32Array>();
  if (optimal.length) {
    const features = await readFeaturesMany(
      ctx.orgId,
      optimal.map((i) => cases[i].customer),
      opts,
    );
    const asOf = await servingAsOf(ctx.orgId);
    const byModel = new Map<string, number[]>();
    for (const i of optimal) {
      const r = rules[i] as Extract<PolicyRules, { mode: 'model-optimal' | 'contextual' }>;
      byModel.set(r.modelVersionId, [...(byModel.get(r.modelVersionId) ?? []), i]);
    }
    for (const [modelVersionId, idx] of byModel) {
      const model = await servedModel(ctx, modelVersionId);
      const width = model.schema.features.length;
      const levelsOf = (i: number) => {
        const r = rules[i];
        return r.mode === 'contextual'
          ? contextualLevels(r)
          : (r as Extract<PolicyRules, { mode: 'model-optimal' }>).levels;
      };
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
        const first = at;
        for (const d of levelsOf(i)) {
          rows.set(raw, at * width);
          rows[at * width + DISCOUNT_COLUMN] = d;
          at++;
        }
        if (rules[i].mode === 'contextual') rawOf.set(i, rows.slice(first * width, at * width));
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

  // contextual cases: each customer's level probabilities from the model's posterior (seeded per customer)
  const probabilitiesOf = new Map<number, number[]>();
  for (const [i, raw] of rawOf) {
    const r = rules[i] as Extract<PolicyRules, { mode: 'contextual' }>;
    const model = await loadContextualModel(ctx.orgId, r.modelVersionId);
    probabilitiesOf.set(
      i,
      contextualProbabilities(
        r,
        model,
        raw,
        raw.length / contextualLevels(r).length,
        contextualCustomerSeed(r.modelVersionId, cases[i].customer.id),
      ),
    );
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
    /** `decisionId` seeds the contextual mode's draw of the level (a replay draws the same one) */
    async decide(i: number, earlier: number, decisionId: string): Promise<PolicyAnswer> {
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
        contextual: probabilitiesOf.has(i)
          ? { probabilities: probabilitiesOf.get(i)!, u: decisionUniform(decisionId) }
          : undefined,
      });
      const category = r.attachToTopCategory && d.discountPct > 0 ? await topCategory(ctx.orgId, customer.id) : null;
      return {
        discountPct: d.discountPct,
        reason: `policy version ${version.version}: ${d.reason}`,
        options: d.options,
        score,
        category,
        ...(d.levelProbability !== undefined
          ? { levelProbability: d.levelProbability, probabilities: d.probabilities }
          : {}),
      };
    },
  };
}

import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { assignVariant } from '../experiments/assignment';
import { AppError } from '../http/errors';
import { newVersionShare, type RolloutArm, rolloutArm, rolloutSalt } from '../policies/rollout-split';
import { type PolicyCase, preparePolicyCases } from './decide-by-policy';
import { armPolicyVersion } from './decide-experiment-arm';
import { logLiveDecisions, logSandboxDecisionRows } from './decision-log';
import type { DecisionRow } from './log-decisions';
import { loadServedCustomers } from './served-customers';
import { ttlCache } from './ttl-cache';

const runningExperiments = ttlCache<Awaited<ReturnType<typeof loadRunningExperiments>>>();
const activeVersions = ttlCache<Awaited<ReturnType<typeof loadActiveVersion>>>();
const baselineVersions = ttlCache<{ id: string; version: number; rules: unknown } | null>();

function loadRunningExperiments(orgId: string) {
  return db.experiment.findMany({
    where: { organizationId: orgId, status: 'RUNNING' },
    orderBy: { startedAt: 'asc' },
    include: { variants: { orderBy: [{ isControl: 'desc' }, { name: 'asc' }] } },
  });
}

function loadActiveVersion(orgId: string, campaignId?: string) {
  return db.policyVersion.findFirst({
    where: { organizationId: orgId, status: 'ACTIVE', ...(campaignId ? { policy: { campaignId } } : {}) },
    orderBy: { activatedAt: 'desc' },
    include: { policy: { select: { name: true, campaign: { select: { name: true } } } } },
  });
}

/**
 * `POST /api/v1/offers`: which discount to show this customer now. A running experiment that covers the
 * customer decides first (deterministic assignment by hash of experiment key and customer id under the arms' current
 * weights — a bandit's move at each reallocation — stored once with the probability of the chosen arm; a returning
 * customer keeps their first arm and its probability);
 * then the active policy version of the campaign, split by hash with its baseline (lib/policies/rollout-split.ts:
 * customers outside its share get the version it replaced, or no discount when so chosen; the arm and its
 * probability are logged); a model-optimal policy scores every discount level through the served ONNX model and
 * picks the most profitable;
 * otherwise no discount. Experiments and the active version are re-read at most once a second per organisation.
 * Every answer is logged as a PolicyDecision and an OfferExposure (with the
 * probability of the arm, for later off-policy evaluation), and carries a decision id that a later purchase
 * event can cite to attribute its revenue (lib/serving/ingest-events.ts).
 *
 * Batches (`{ customers: [...] }`, up to 1,000) go through the same code — a single call is a batch of one — with
 * one customer query, one onnxruntime run per served model over every customer × level, and their assignments,
 * decisions and exposures in the one group-committed insert (lib/serving/decision-log.ts): the call answers only
 * once that insert has committed. They answer exactly as the same single calls made one after another in
 * input order would (a customer named twice sees its own earlier discounted offer against a frequency cap). An
 * unknown customer inside a batch is answered per item (`error`), the others are decided; a single call answers
 * 404.
 *
 * A sandbox (test-mode) key gets the same decisions, logged in SandboxDecision only: no PolicyDecision, exposure or
 * experiment assignment, no feature-store row, nothing counted against frequency caps (they read live counts only).
 */
export const ZOfferRequest = z.object({
  customerId: z.string().trim().min(1).max(64),
  campaignId: z.string().trim().min(1).max(64).optional(),
});
export type OfferRequest = z.infer<typeof ZOfferRequest>;

export const MAX_OFFERS_PER_BATCH = 1000;
export const ZOfferBatchRequest = z.object({
  /** campaign of every item that names none */
  campaignId: z.string().trim().min(1).max(64).optional(),
  // the 1,000 limit is checked by decideOffers (413 with the one error shape), documented as maxItems here
  customers: z
    .array(ZOfferRequest)
    .min(1)
    .meta({ maxItems: MAX_OFFERS_PER_BATCH, description: 'one decision per customer, answered in this order' }),
});
export type OfferBatchRequest = z.infer<typeof ZOfferBatchRequest>;

/** The body of `POST /api/v1/offers`: one customer, or a batch (an object with `customers`). */
export const ZOfferBody = z.union([ZOfferBatchRequest, ZOfferRequest]);

export interface OfferAnswer {
  decisionId: string;
  /** the external customer id sent */
  customerId: string;
  discountPct: number;
  /** the discount applies to this category (when the policy attaches it to the top recommendation) */
  category: string | null;
  reason: string;
  experiment: { key: string; variant: string } | null;
  policyVersionId: string | null;
  /** which side of the active version's rollout answered: "new", "baseline", or null (experiment / nothing) */
  arm: RolloutArm | null;
  score: { modelVersionId: string; pConvert: number } | null;
  options: unknown;
}
/** a batch item whose customer this organisation does not have */
export interface OfferItemError {
  customerId: string;
  error: { code: 'not_found'; message: string };
}

type Routed =
  | { kind: 'missing' }
  | { kind: 'nothing' }
  | {
      kind: 'experiment';
      experiment: { id: string; key: string };
      variant: { id: string; name: string; kind: string; discountPct: number | null };
      propensity: number;
      /** index into the policy cases when a policy version decides for the arm; null for a fixed or no discount */
      caseIndex: number | null;
    }
  | {
      kind: 'policy';
      active: { id: string; version: number };
      share: number;
      arm: RolloutArm;
      propensity: number;
      /** index into the policy cases, or null when the baseline arm gets no discount */
      caseIndex: number | null;
    };

export async function decideOffers(ctx: OrgContext, input: OfferBatchRequest) {
  if (input.customers.length > MAX_OFFERS_PER_BATCH)
    throw new AppError(
      'payload_too_large',
      `At most ${MAX_OFFERS_PER_BATCH.toLocaleString('en')} customers per call; this one has ${input.customers.length.toLocaleString('en')}`,
    );
  const items = input.customers.map((c) => ({
    customerId: c.customerId,
    campaignId: c.campaignId ?? input.campaignId,
  }));
  const customers = await loadServedCustomers(
    ctx.orgId,
    items.map((i) => i.customerId),
  );
  const running = await runningExperiments(`${ctx.orgId}:`, () => loadRunningExperiments(ctx.orgId));
  const earlier = await storedAssignments(
    ctx.orgId,
    running.map((e) => e.id),
    [...customers.values()].map((c) => c.id),
  );

  // who decides for each item: an experiment, a side of the active version's rollout, or nothing
  const cases: PolicyCase[] = [];
  const routed: Routed[] = [];
  for (const item of items) {
    const customer = customers.get(item.customerId);
    if (!customer) {
      routed.push({ kind: 'missing' });
      continue;
    }
    // an experiment covers the customers of its segment, for offers of its campaign (or offers naming no campaign)
    const experiment = running.find(
      (e) =>
        (!e.segmentId || customer.segments.includes(e.segmentId)) &&
        (!item.campaignId || !e.campaignId || e.campaignId === item.campaignId),
    );
    if (experiment) {
      const name = assignVariant(
        experiment.key,
        customer.externalId,
        experiment.variants.map((v) => ({ name: v.name, weight: v.weight })),
      );
      const hashed = experiment.variants.find((v) => v.name === name)!;
      const kept = earlier.get(`${experiment.id}:${customer.id}`);
      const variant = (kept && experiment.variants.find((v) => v.id === kept.variantId)) || hashed;
      const propensity = kept?.probability ?? variant.weight / experiment.variants.reduce((s, v) => s + v.weight, 0);
      const deciding = await armPolicyVersion(ctx, experiment, variant);
      routed.push({
        kind: 'experiment',
        experiment,
        variant,
        propensity,
        caseIndex: deciding ? cases.push({ version: deciding, customer }) - 1 : null,
      });
      continue;
    }
    const active = await activeVersions(`${ctx.orgId}:${item.campaignId ?? ''}`, () =>
      loadActiveVersion(ctx.orgId, item.campaignId),
    );
    if (!active) {
      routed.push({ kind: 'nothing' });
      continue;
    }
    const share = newVersionShare(active);
    const salt = rolloutSalt({
      campaign: active.policy.campaign.name,
      policy: active.policy.name,
      version: active.version,
    });
    const split = rolloutArm(salt, customer.externalId, share);
    const replacedId = active.replacesVersionId;
    const replaced =
      split.arm === 'baseline' && active.baseline === 'previous' && replacedId
        ? await baselineVersions(`${ctx.orgId}:${replacedId}`, () =>
            db.policyVersion.findFirst({
              where: { id: replacedId, organizationId: ctx.orgId },
              select: { id: true, version: true, rules: true },
            }),
          )
        : null;
    const deciding = split.arm === 'new' ? active : replaced;
    routed.push({
      kind: 'policy',
      active,
      share,
      arm: split.arm,
      propensity: split.probability,
      caseIndex: deciding ? cases.push({ version: deciding, customer }) - 1 : null,
    });
  }
  const sandbox = ctx.sandbox === true;
  const policies = await preparePolicyCases(ctx, cases, { store: !sandbox });

  // decisions in input order; discounted offers earlier in this batch count against a customer's frequency cap
  // (live keys only: a sandbox key's offers are never counted, in a batch or one by one)
  const discounted = new Map<string, number>();
  const rows: DecisionRow[] = [];
  const assignmentOf = new Map<string, { experimentId: string; variantId: string; probability: number }>();
  const answers: (OfferAnswer | OfferItemError)[] = [];
  for (const [k, r] of routed.entries()) {
    const customer = customers.get(items[k].customerId);
    if (r.kind === 'missing' || !customer) {
      answers.push({
        customerId: items[k].customerId,
        error: { code: 'not_found', message: `Customer ${items[k].customerId} not found` },
      });
      continue;
    }
    let discountPct = 0;
    let propensity = 1;
    let reason = 'no running experiment or active policy covers this customer';
    let policyVersionId: string | null = null;
    let options: unknown;
    let score: { modelVersionId: string; byDiscount: Record<number, number> } | null = null;
    let category: string | null = null;
    let arm: RolloutArm | null = null;
    let experiment: { key: string; variant: string } | null = null;
    let assignment: { experimentId: string; variantId: string; probability: number } | null = null;
    // contextual mode: the drawn level's probability and the customer's probabilities of every level
    let levelProbability: number | undefined;
    let probabilities: Record<number, number> | undefined;
    const id = randomUUID();
    if (r.kind === 'experiment') {
      assignment = { experimentId: r.experiment.id, variantId: r.variant.id, probability: r.propensity };
      propensity = r.propensity;
      experiment = { key: r.experiment.key, variant: r.variant.name };
      const armOf = `experiment ${r.experiment.key}, arm ${r.variant.name}`;
      if (r.caseIndex !== null) {
        // the arm's policy version decides, exactly as it would alone
        const d = await policies.decide(r.caseIndex, discounted.get(customer.id) ?? 0, id);
        discountPct = d.discountPct;
        levelProbability = d.levelProbability;
        probabilities = d.probabilities;
        policyVersionId = cases[r.caseIndex].version.id;
        reason = `${armOf}: ${d.reason}`;
        options = d.options;
        score = d.score;
        category = d.category;
      } else {
        discountPct = r.variant.kind === 'none' ? 0 : (r.variant.discountPct ?? 0);
        reason =
          r.variant.kind === 'discount' || r.variant.kind === 'none'
            ? armOf
            : `${armOf}: the campaign has no active policy, so no discount`;
      }
    } else if (r.kind === 'policy') {
      policyVersionId = r.active.id;
      arm = r.arm;
      propensity = r.propensity;
      const baselineOf = `baseline of policy version ${r.active.version} (${Math.round((1 - r.share) * 1000) / 10}% of customers)`;
      if (r.caseIndex !== null) {
        const d = await policies.decide(r.caseIndex, discounted.get(customer.id) ?? 0, id);
        discountPct = d.discountPct;
        levelProbability = d.levelProbability;
        probabilities = d.probabilities;
        reason = r.arm === 'new' ? d.reason : `${baselineOf}: ${d.reason}`;
        options = d.options;
        score = d.score;
        category = d.category;
      } else {
        reason = `${baselineOf}: no discount`;
      }
    }
    if (discountPct > 0 && !sandbox) discounted.set(customer.id, (discounted.get(customer.id) ?? 0) + 1);
    const details = {
      reason,
      // the arm's probability (experiment arm or rollout side; rollout measurement reads it)
      propensity,
      ...(levelProbability !== undefined ? { levelProbability, probabilities } : {}),
      ...(options ? { options } : {}),
      ...(category ? { category } : {}),
      // the model whose P(convert) is logged in `score` (the served model's calibration reads it)
      ...(score ? { modelVersionId: score.modelVersionId } : {}),
    };
    if (assignment) assignmentOf.set(id, assignment);
    rows.push({
      id,
      customerId: customer.id,
      discountPct,
      score: score?.byDiscount[discountPct] ?? null,
      policyVersionId,
      details,
      experimentId: r.kind === 'experiment' ? r.experiment.id : null,
      variantId: r.kind === 'experiment' ? r.variant.id : null,
      arm,
      // the probability of the logged discount: the arm's, times the drawn level's under a contextual policy
      propensity: propensity * (levelProbability ?? 1),
    });
    answers.push({
      decisionId: id,
      customerId: customer.externalId,
      discountPct,
      category,
      reason,
      experiment,
      policyVersionId,
      arm,
      score: score ? { modelVersionId: score.modelVersionId, pConvert: score.byDiscount[discountPct] } : null,
      options: options ?? null,
    });
  }
  // group-committed: answered only once the batch holding these rows has committed (lib/serving/decision-log.ts)
  if (sandbox) {
    await logSandboxDecisionRows(rows.map((decision) => ({ orgId: ctx.orgId, apiKeyId: ctx.apiKeyId, decision })));
  } else {
    await logLiveDecisions(
      rows.map((decision) => ({ orgId: ctx.orgId, decision, assignment: assignmentOf.get(decision.id) ?? null })),
    );
  }
  return { decisions: answers };
}

/** Arms (and their logged probabilities) already stored for these customers in these experiments. */
async function storedAssignments(orgId: string, experimentIds: string[], customerIds: string[]) {
  if (!experimentIds.length || !customerIds.length)
    return new Map<string, { variantId: string; probability: number | null }>();
  const rows = await db.assignment.findMany({
    where: { organizationId: orgId, experimentId: { in: experimentIds }, customerId: { in: customerIds } },
    select: { experimentId: true, customerId: true, variantId: true, probability: true },
  });
  return new Map(rows.map((r) => [`${r.experimentId}:${r.customerId}`, r]));
}

/** One customer: a batch of one; an unknown customer answers 404. */
export async function decideOffer(ctx: OrgContext, input: OfferRequest): Promise<OfferAnswer> {
  const [answer] = (await decideOffers(ctx, { customers: [input] })).decisions;
  if ('error' in answer) throw new AppError('not_found', answer.error.message);
  return answer;
}

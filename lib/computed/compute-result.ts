import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { parsePlanBaselineKey, planBaseline } from '../experiments/plan-experiment';
import { drawExplanationSample } from '../explain/model-explanation';
import { log } from '../log';
import { modelMonitoring } from '../models/model-monitoring';
import { calibrateVersionLambda } from '../policies/budget-lambda';
import { evaluateCategoryRecommender } from '../policies/category-recommender';
import { evaluatePolicyVersion } from '../policies/evaluate-version';
import {
  type ClaimedComputation,
  type ComputedResultKind,
  claimComputation,
  finishComputation,
} from './computed-store';

/**
 * What each stored result is, and when its inputs change. The worker (lib/jobs/worker.ts) calls
 * `runNextComputation` between jobs; what queues them is in ./request-recompute.ts.
 */
const COMPUTE: Record<ComputedResultKind, (ctx: OrgContext, key: string) => Promise<unknown>> = {
  // key: k of hit rate / NDCG at k
  RECOMMENDER_EVALUATION: (ctx, key) => evaluateCategoryRecommender(ctx.orgId, Number(key) || 3),
  // key: policy version id
  BUDGET_LAMBDA: (ctx, key) => calibrateVersionLambda(ctx, key),
  // key: policy version id
  POLICY_EVALUATION: (ctx, key) => evaluatePolicyVersion(ctx, key),
  // key: model version id
  EXPLANATION_SAMPLE: (ctx, key) => drawExplanationSample(ctx, key),
  // key: model version id (the default window: 30 days to the organisation's latest data)
  MODEL_MONITORING: (ctx, key) => modelMonitoring(ctx, key),
  // key: "<window days>:<segment id or empty>"
  PLAN_BASELINE: (ctx, key) => {
    const { windowDays, segmentId } = parsePlanBaselineKey(key);
    return planBaseline(ctx.orgId, windowDays, segmentId);
  },
};

/** The organisation acting through the worker (reads only; nothing it computes is attributed to a user). */
async function systemContext(orgId: string): Promise<OrgContext> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  return { orgId, orgName: org.name, role: 'ADMIN', userId: null, apiKeyId: null, actorLabel: 'worker' };
}

/** Claims, computes and stores the next stale result; false when none is waiting. */
export async function runNextComputation(workerId: string): Promise<boolean> {
  const c: ClaimedComputation | null = await claimComputation(workerId);
  if (!c) return false;
  const t0 = performance.now();
  try {
    const value = await COMPUTE[c.kind](await systemContext(c.organizationId), c.key);
    await finishComputation(c, workerId, { value, durationMs: Math.round(performance.now() - t0) });
    log.info({ kind: c.kind, key: c.key, ms: Math.round(performance.now() - t0) }, 'stored result computed');
  } catch (err) {
    await finishComputation(c, workerId, { error: (err as Error).message ?? String(err) });
    log.warn({ err, kind: c.kind, key: c.key }, 'stored result failed');
  }
  return true;
}

import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { log } from '../log';
import { calibrateVersionLambda, needsBudgetLambda } from '../policies/budget-lambda';
import { evaluateCategoryRecommender } from '../policies/category-recommender';
import {
  type ClaimedComputation,
  type ComputedResultKind,
  claimComputation,
  finishComputation,
  requestCompute,
} from './computed-store';

/**
 * What each stored result is, and when its inputs change. The worker (lib/jobs/worker.ts) calls
 * `runNextComputation` between jobs; imports and dataset deletions call `requestAfterDataChange`; a drafted
 * model-optimal version with a budget requests its λ.
 */
const COMPUTE: Record<ComputedResultKind, (ctx: OrgContext, key: string) => Promise<unknown>> = {
  // key: k of hit rate / NDCG at k
  RECOMMENDER_EVALUATION: (ctx, key) => evaluateCategoryRecommender(ctx.orgId, Number(key) || 3),
  // key: policy version id
  BUDGET_LAMBDA: (ctx, key) => calibrateVersionLambda(ctx, key),
};

export const DEFAULT_RECOMMENDER_K = 3;

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

/**
 * The organisation's data changed (an import, a deletion): every data-dependent result is queued again — the
 * recommender evaluation (each k asked for so far, and the default) and the λ of every version that may serve.
 */
export async function requestAfterDataChange(orgId: string): Promise<void> {
  const [ks, versions] = await Promise.all([
    db.computedResult.findMany({
      where: { organizationId: orgId, kind: 'RECOMMENDER_EVALUATION' },
      select: { key: true },
    }),
    db.policyVersion.findMany({
      where: { organizationId: orgId, status: { in: ['DRAFT', 'SUBMITTED', 'APPROVED', 'ACTIVE', 'PAUSED'] } },
      select: { id: true, rules: true },
    }),
  ]);
  await requestCompute(orgId, 'RECOMMENDER_EVALUATION', [
    ...new Set([String(DEFAULT_RECOMMENDER_K), ...ks.map((k) => k.key)]),
  ]);
  await requestCompute(
    orgId,
    'BUDGET_LAMBDA',
    versions.filter((v) => needsBudgetLambda(v.rules)).map((v) => v.id),
  );
}

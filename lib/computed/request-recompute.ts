import 'server-only';
import { db } from '../db';
import { DEFAULT_PLAN_WINDOW_DAYS, planBaselineKey } from '../experiments/plan-experiment';
import { AppError } from '../http/errors';
import { ZPolicyRules } from '../policies/rules';
import { type ComputedResultKind, requestCompute } from './computed-store';

/** The recommender evaluation's k shown on the Policies page (computed after every import). */
export const DEFAULT_RECOMMENDER_K = 3;

/** Rules that need a budget multiplier λ: model-optimal with a budget per offer. */
export function needsBudgetLambda(rules: unknown): boolean {
  const r = ZPolicyRules.safeParse(rules);
  return r.success && r.data.mode === 'model-optimal' && !!r.data.budgetPerOffer;
}

/**
 * The organisation's data changed (an import, a deletion): every data-dependent result is queued again — the
 * recommender evaluation (each k asked for so far, and the default), the λ of every version that may serve, and
 * the offline evaluations computed so far.
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
  await requestPolicyEvaluations(orgId);
  // model monitoring and experiment plans read the window's decisions, outcomes and events: the ones stored so far,
  // and the two every Overview and Experiments page shows (the served model's, the default 28-day plan), so that even
  // their first reader finds them computed
  const served = await db.modelVersion.findFirst({
    where: { organizationId: orgId, isActive: true },
    select: { id: true },
  });
  await requestStoredAgain(orgId, 'MODEL_MONITORING', served ? [served.id] : []);
  await requestStoredAgain(orgId, 'PLAN_BASELINE', [planBaselineKey(DEFAULT_PLAN_WINDOW_DAYS, null)]);
}

/** Queues again every result of this kind stored so far for the organisation, and the `also` keys. */
async function requestStoredAgain(orgId: string, kind: ComputedResultKind, also: string[] = []): Promise<void> {
  const done = await db.computedResult.findMany({ where: { organizationId: orgId, kind }, select: { key: true } });
  await requestCompute(orgId, kind, [...new Set([...done.map((d) => d.key), ...also])]);
}

/**
 * Offline evaluations read the exposure log, the segments and the served model: after any of them changes (an
 * import, a segmentation, a model activation) the ones computed so far are queued again.
 */
export async function requestPolicyEvaluations(orgId: string): Promise<void> {
  const done = await db.computedResult.findMany({
    where: { organizationId: orgId, kind: 'POLICY_EVALUATION' },
    select: { key: true },
  });
  await requestCompute(
    orgId,
    'POLICY_EVALUATION',
    done.map((d) => d.key),
  );
}

/** Queues one version's offline evaluation (404 for a version of another organisation). */
export async function requestPolicyEvaluation(orgId: string, versionId: string): Promise<void> {
  const v = await db.policyVersion.findFirst({ where: { id: versionId, organizationId: orgId }, select: { id: true } });
  if (!v) throw AppError.notFound('Policy version');
  await requestCompute(orgId, 'POLICY_EVALUATION', [versionId]);
}

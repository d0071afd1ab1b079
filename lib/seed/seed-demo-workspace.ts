import 'server-only';
import { memberContext, type OrgContext } from '../auth/context';
import { db } from '../db';
import { runOneJob } from '../jobs/worker';
import { activateModelVersion, markCandidate } from '../models/model-versions';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '../policies/policy-store';

/**
 * Makes the demo workspace meaningful at first start (skipped when the organisation already has models): a
 * trained response model (logistic regression and GBDT, the GBDT served), a k-means segmentation, and a
 * campaign whose flat 5% policy is active while a model-optimal version waits for an admin's approval.
 */
export async function seedDemoWorkspace(orgSlug: string): Promise<{ skipped: boolean }> {
  const members = await db.membership.findMany({
    where: { organization: { slug: orgSlug } },
    include: { organization: true, user: true },
  });
  const ctxOf = (role: 'ADMIN' | 'MANAGER' | 'ANALYST'): OrgContext =>
    memberContext(members.find((x) => x.role === role)!);
  const [admin, manager, analyst] = [ctxOf('ADMIN'), ctxOf('MANAGER'), ctxOf('ANALYST')];
  if ((await db.modelVersion.count({ where: { organizationId: admin.orgId } })) > 0) return { skipped: true };

  await db.trainingJob.create({
    data: {
      organizationId: admin.orgId,
      createdById: analyst.userId,
      params: {
        name: 'conversion-response',
        folds: 3,
        algorithms: [
          { name: 'logistic-regression', grid: { l2: [0.1, 1] } },
          { name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [15], nEstimators: [150] } },
        ],
      },
    },
  });
  await db.trainingJob.create({
    data: {
      organizationId: admin.orgId,
      kind: 'SEGMENT',
      createdById: analyst.userId,
      params: { algorithm: 'kmeans', kMin: 2, kMax: 6 },
    },
  });
  await runOneJob('demo-seed');
  await runOneJob('demo-seed');
  const gbdt = await db.modelVersion.findFirstOrThrow({ where: { organizationId: admin.orgId, algorithm: 'gbdt' } });
  await markCandidate(analyst, gbdt.id);
  await activateModelVersion(admin, gbdt.id);

  const campaign = await createCampaign(manager, {
    name: 'Always-on offers',
    marginPct: 40,
    description: 'Demo campaign',
  });
  const flat = await draftPolicyVersion(manager, {
    campaignId: campaign.id,
    name: 'Discount policy',
    rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 20 },
  });
  await applyPolicyAction(manager, flat.id, { action: 'submit' });
  await applyPolicyAction(admin, flat.id, { action: 'approve', comment: 'Safe default while we learn' });
  await applyPolicyAction(admin, flat.id, { action: 'activate', rolloutPct: 100 });
  const optimal = await draftPolicyVersion(manager, {
    campaignId: campaign.id,
    policyId: flat.policyId,
    name: 'Discount policy',
    rules: {
      mode: 'model-optimal',
      modelVersionId: gbdt.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 40,
      maxDiscountPct: 20,
      attachToTopCategory: true,
    },
  });
  await applyPolicyAction(manager, optimal.id, { action: 'submit' });
  return { skipped: false };
}

import os from 'node:os';
import path from 'node:path';
import type { OrgContext } from '@/lib/auth/context';
import { importLocalFile } from '@/lib/datasets/import-local-file';
import { db } from '@/lib/db';
import { runOneJob } from '@/lib/jobs/worker';
import { budgetLambda } from '@/lib/policies/budget-lambda';
import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { rolloutArm, rolloutSalt } from '@/lib/policies/rollout-split';
import { ZPolicyRules } from '@/lib/policies/rules';
import { writeDemoCsvFiles } from '@/lib/seed/seed-demo-data';

/**
 * An organisation of its own where every part of an offer decision is in play: 300 demo customers with history,
 * a logistic-regression model, campaign "Mailing" whose v2 (model-optimal, budget 0.1 per offer, frequency cap 1
 * per 30 days) is rolled out to 50 % over v1 (fixed 5 %, same cap), and a running experiment (0 % vs 10 %) on a
 * segment of customers C000011–C000018. `baselineCustomer` is one of C000001–C000010 on v1's side.
 */
export async function offerScenario(tag: string) {
  const org = await db.organization.create({
    data: { name: `Offers ${tag}`, slug: `${tag}-${process.pid}`, piiSecret: 'b'.repeat(32) },
  });
  const mk = async (email: string): Promise<OrgContext> => {
    const u = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
    await db.membership.create({ data: { organizationId: org.id, userId: u.id, role: 'ADMIN' } });
    return { orgId: org.id, orgName: org.name, role: 'ADMIN', userId: u.id, apiKeyId: null, actorLabel: email };
  };
  const admin = await mk(`${tag}-a-${process.pid}@t.test`);
  const second = await mk(`${tag}-b-${process.pid}@t.test`);
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), `op-it-${tag}-${process.pid}`), {
    customers: 300,
    seed: 13,
  });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: org.id,
      params: { name: tag, folds: 2, algorithms: [{ name: 'logistic-regression', grid: { l2: [1] } }] },
    },
  });
  await runOneJob(`${tag}-worker`);
  const model = await db.modelVersion.findFirstOrThrow({ where: { organizationId: org.id } });

  const campaign = await createCampaign(admin, { name: 'Mailing', marginPct: 40 });
  const cap = { maxOffers: 1, perDays: 30 };
  const v1 = await draftPolicyVersion(admin, {
    campaignId: campaign.id,
    name: 'Mail',
    rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 30, frequencyCap: cap },
  });
  await applyPolicyAction(admin, v1.id, { action: 'submit' });
  await applyPolicyAction(second, v1.id, { action: 'approve' });
  await applyPolicyAction(admin, v1.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });
  const v2 = await draftPolicyVersion(admin, {
    campaignId: campaign.id,
    policyId: v1.policyId,
    name: 'Mail',
    rules: {
      mode: 'model-optimal',
      modelVersionId: model.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 90,
      maxDiscountPct: 30,
      budgetPerOffer: 0.1,
      frequencyCap: cap,
    },
  });
  await applyPolicyAction(admin, v2.id, { action: 'submit' });
  await applyPolicyAction(second, v2.id, { action: 'approve' });
  await applyPolicyAction(admin, v2.id, { action: 'activate', rolloutPct: 50 });

  const ids = Array.from({ length: 60 }, (_, i) => `C${String(i + 1).padStart(6, '0')}`);
  const members = await db.customer.findMany({
    where: { organizationId: org.id, externalId: { in: ids.slice(10, 18) } },
  });
  const segment = await db.segment.create({
    data: { organizationId: org.id, name: 'Mailed', algorithm: 'manual', clusterIndex: 0, size: members.length },
  });
  await db.segmentMember.createMany({
    data: members.map((m) => ({ segmentId: segment.id, customerId: m.id, organizationId: org.id })),
  });
  const experimentKey = `${tag}-${process.pid}`;
  const experiment = await db.experiment.create({
    data: {
      organizationId: org.id,
      key: experimentKey,
      name: 'Mail test',
      status: 'RUNNING',
      startedAt: new Date('2026-01-01T00:00:00Z'),
      segmentId: segment.id,
      variants: {
        create: [
          { organizationId: org.id, name: 'control', weight: 1, isControl: true, discountPct: 0 },
          { organizationId: org.id, name: 'ten', weight: 1, discountPct: 10 },
        ],
      },
    },
  });
  const salt = rolloutSalt({ campaign: 'Mailing', policy: 'Mail', version: 2 });
  const baselineCustomer = ids.find((c, i) => i < 10 && rolloutArm(salt, c, 0.5).arm === 'baseline')!;
  // λ of v2 is calibrated once per version (cached 10 minutes): computed here, so ORT runs counted in tests are
  // the offers' own
  const rules = ZPolicyRules.parse(v2.rules);
  if (rules.mode !== 'model-optimal') throw new Error('expected model-optimal rules');
  const lambda = await budgetLambda(admin, v2.id, rules);
  return {
    admin,
    campaignId: campaign.id,
    modelId: model.id,
    v2Id: v2.id,
    experimentId: experiment.id,
    experimentKey,
    ids,
    baselineCustomer,
    lambda,
  };
}

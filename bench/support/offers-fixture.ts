import os from 'node:os';
import path from 'node:path';
import { openBenchDatabase } from './bench-db';

/**
 * The data every offers bench serves (bench/offers-batch.ts, offers-http.ts, offers-profile.ts): a throw-away
 * database with the demo merchant of `customers` customers imported through the real pipeline, a GBDT (200 trees,
 * ≤ 31 leaves) trained by the worker code and activated, and a model-optimal policy over it (5 levels, order value
 * 60, margin 40 %) approved and live in campaign "Bench"; a MANAGER API key without a practical rate limit; the
 * demo customers' external ids in order.
 */
export async function openOffersFixture(name: string, opts: { customers?: number; holdoutPct?: number } = {}) {
  const base = await openBenchDatabase(name);
  const { db, ctx } = base;
  const { writeDemoCsvFiles } = await import('../../lib/seed/seed-demo-data');
  const { importLocalFile } = await import('../../lib/datasets/import-local-file');
  const { runOneJob } = await import('../../lib/jobs/worker');
  const { activateModelVersion } = await import('../../lib/models/model-versions');
  const { applyPolicyAction, createCampaign, draftPolicyVersion } = await import('../../lib/policies/policy-store');
  const { createApiKey } = await import('../../lib/settings/api-keys');

  const admin = ctx('ADMIN');
  const manager = ctx('MANAGER');
  const files = await writeDemoCsvFiles(path.join(os.tmpdir(), name), { customers: opts.customers ?? 2000 });
  for (const kind of ['customers', 'events', 'exposures'] as const) await importLocalFile(admin, kind, files[kind]);
  await db.trainingJob.create({
    data: {
      organizationId: admin.orgId,
      params: {
        name: 'bench',
        folds: 2,
        algorithms: [{ name: 'gbdt', grid: { learningRate: [0.1], maxLeaves: [31], nEstimators: [200] } }],
      },
    },
  });
  await runOneJob('bench');
  const model = await db.modelVersion.findFirstOrThrow({ where: { organizationId: admin.orgId } });
  await activateModelVersion(admin, model.id);
  const campaign = await createCampaign(admin, { name: 'Bench', marginPct: 40 });
  const v = await draftPolicyVersion(manager, {
    campaignId: campaign.id,
    name: 'Opt',
    rules: {
      mode: 'model-optimal',
      modelVersionId: model.id,
      levels: [0, 5, 10, 15, 20],
      orderValue: 60,
      marginPct: 40,
      maxDiscountPct: 30,
      excludedSegmentIds: [],
    },
  });
  await applyPolicyAction(manager, v.id, { action: 'submit' });
  await applyPolicyAction(admin, v.id, { action: 'approve' });
  await applyPolicyAction(
    admin,
    v.id,
    opts.holdoutPct === undefined ? { action: 'activate' } : { action: 'activate', holdoutPct: opts.holdoutPct },
  );
  const key = (
    await createApiKey(admin, { name: 'bench', role: 'MANAGER', rateLimitPerSecond: 100_000, rateLimitBurst: 100_000 })
  ).key;
  const ids = (
    await db.customer.findMany({
      where: { organizationId: admin.orgId, externalId: { startsWith: 'C' } },
      select: { externalId: true },
      orderBy: { externalId: 'asc' },
    })
  ).map((c) => c.externalId);
  return { ...base, admin, manager, campaign, key, ids };
}

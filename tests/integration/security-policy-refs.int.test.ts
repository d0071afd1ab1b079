import { describe, expect, it } from 'vitest';
import * as policiesRoute from '@/app/api/v1/policies/route';
import { db } from '@/lib/db';
import { createCampaign } from '@/lib/policies/policy-store';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

async function adminKey(slug: 'acme' | 'globex' = 'acme') {
  return (await createApiKey(await orgContext(slug, 'ADMIN'), { name: 'k', role: 'ADMIN' })).key;
}

describe('policy drafts naming unknown or foreign ids answer 422 naming the field (issue 12 item 11)', () => {
  it('refuses an unknown model, another organisation model and another organisation segment', async () => {
    const acme = await orgContext('acme', 'ADMIN');
    const globex = await orgContext('globex', 'ADMIN');
    const key = await adminKey();
    const campaign = await createCampaign(acme, { name: 'Refs', marginPct: 40 });
    const foreignModel = await db.modelVersion.create({
      data: {
        organizationId: globex.orgId,
        name: 'globex-model',
        version: 1,
        algorithm: 'logistic',
        params: {},
        metrics: {},
        featureSchema: {},
        modelJson: {},
      },
    });
    const foreignSegment = await db.segment.create({
      data: { organizationId: globex.orgId, name: 'Globex VIP', algorithm: 'kmeans', clusterIndex: 0 },
    });
    const draft = (rules: Record<string, unknown>) =>
      call(policiesRoute.POST, {
        url: '/api/v1/policies',
        method: 'POST',
        key,
        json: { campaignId: campaign.id, name: 'P', rules },
      });
    const model = (modelVersionId: string) => ({
      mode: 'model-optimal',
      modelVersionId,
      orderValue: 60,
      marginPct: 40,
    });
    for (const id of ['does-not-exist', foreignModel.id]) {
      const r = await draft(model(id));
      expect(r.status).toBe(422);
      expect(r.body.error).toEqual({
        code: 'unprocessable',
        message: 'Unknown id at rules.modelVersionId: no model version of your organisation has this id',
        issues: [
          {
            path: ['rules', 'modelVersionId'],
            message: 'no model version of your organisation has this id',
            code: 'unknown_reference',
          },
        ],
      });
    }
    const seg = await draft({
      mode: 'segments',
      segments: [{ segmentId: foreignSegment.id, discountPct: 10 }],
      excludedSegmentIds: ['nope'],
    });
    expect(seg.status).toBe(422);
    expect(seg.body.error.issues.map((i: { path: (string | number)[] }) => i.path.join('.'))).toEqual([
      'rules.excludedSegmentIds.0',
      'rules.segments.0.segmentId',
    ]);
    expect(
      await db.policyVersion.count({ where: { organizationId: acme.orgId, policy: { campaignId: campaign.id } } }),
    ).toBe(0);
    expect(await db.discountPolicy.count({ where: { campaignId: campaign.id } })).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import * as startRoute from '@/app/api/v1/experiments/[id]/start/route';
import * as submitRoute from '@/app/api/v1/experiments/[id]/submit/route';
import * as experimentsRoute from '@/app/api/v1/experiments/route';
import * as offersRoute from '@/app/api/v1/offers/route';
import { db } from '@/lib/db';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';
import { activeCampaign } from './security-helpers';

/** Issue 12 item 2: an experiment that changes offers needs a manager's submit and another admin's approval. */
async function keys() {
  const admin = await orgContext('acme', 'ADMIN');
  return {
    analyst: (await createApiKey(await orgContext('acme', 'ANALYST'), { name: 'an', role: 'ANALYST' })).key,
    manager: (await createApiKey(await orgContext('acme', 'MANAGER'), { name: 'mg', role: 'MANAGER' })).key,
    admin: (await createApiKey(admin, { name: 'ad', role: 'ADMIN' })).key,
  };
}

const draft = (key: string, expKey: string, treatmentPct: number) =>
  call(experimentsRoute.POST, {
    url: '/api/v1/experiments',
    method: 'POST',
    key,
    json: {
      key: expKey,
      name: expKey,
      variants: [
        { name: 'Control', weight: 1, discountPct: 0 },
        { name: 'Treatment', weight: 1, discountPct: treatmentPct },
      ],
    },
  });
const act = (route: typeof startRoute, action: string, key: string, id: string, json?: unknown) =>
  call(route.POST, { url: `/api/v1/experiments/${id}/${action}`, method: 'POST', key, json, params: { id } });

describe('experiment start needs four eyes and respects the campaign maximum', () => {
  it('an analyst drafts a 90% arm but cannot start or submit it; the campaign maximum refuses it at submit', async () => {
    const k = await keys();
    const campaign = await activeCampaign('acme', 'Bounded', 20);
    const created = await draft(k.analyst, 'ninety-off', 90);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await act(startRoute, 'start', k.analyst, id)).status).toBe(403);
    expect((await act(submitRoute, 'submit', k.analyst, id, { campaignId: campaign.id })).status).toBe(403);
    const over = await act(submitRoute, 'submit', k.manager, id, { campaignId: campaign.id });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toBe(`Arm "Treatment" (90%) exceeds the campaign's maximum discount of 20%`);
    // not submitted → the admin cannot start it either
    expect((await act(startRoute, 'start', k.admin, id)).body.error.message).toBe(
      'A manager must submit this experiment for approval before it can start',
    );
    const row = await db.experiment.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.submittedById]).toEqual(['DRAFT', null]);
    // analysts still read everything
    const list = await call(experimentsRoute.GET, { url: '/api/v1/experiments', key: k.analyst });
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(id);
  });

  it('manager submits within the maximum, the same person cannot approve, another admin approves and it decides offers', async () => {
    const k = await keys();
    const admin = await orgContext('acme', 'ADMIN');
    const campaign = await activeCampaign('acme', 'Bounded 2', 20);
    const id = (await draft(k.analyst, 'fifteen-off', 15)).body.id as string;
    expect((await act(startRoute, 'start', k.manager, id)).status).toBe(403);
    const submitted = await act(submitRoute, 'submit', k.manager, id, { campaignId: campaign.id });
    expect(submitted.status).toBe(200);
    expect((await act(submitRoute, 'submit', k.manager, id, {})).status).toBe(409);

    // an admin who submits their own experiment cannot approve it
    const own = (await draft(k.admin, 'own-ten', 10)).body.id as string;
    expect((await act(submitRoute, 'submit', k.admin, own, { campaignId: campaign.id })).status).toBe(200);
    const self = await act(startRoute, 'start', k.admin, own);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toBe(
      'You cannot approve an experiment you submitted yourself; another admin must approve it',
    );

    const started = await act(startRoute, 'start', k.admin, id);
    expect([started.status, started.body.status]).toEqual([200, 'RUNNING']);
    const row = await db.experiment.findUniqueOrThrow({ where: { id } });
    const manager = await orgContext('acme', 'MANAGER');
    expect([row.submittedById, row.approvedById, row.campaignId]).toEqual([manager.userId, admin.userId, campaign.id]);
    const audit = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['experiment.create', 'experiment.submit', 'experiment.start']);

    const offer = await call(offersRoute.POST, {
      url: '/api/v1/offers',
      method: 'POST',
      key: k.manager,
      json: { customerId: 'AC00001' },
    });
    expect(offer.body.experiment.key).toBe('fifteen-off');
    expect([0, 15]).toContain(offer.body.discountPct);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as meRoute from '@/app/api/v1/me/route';
import * as policiesRoute from '@/app/api/v1/policies/route';
import * as actionsRoute from '@/app/api/v1/policies/versions/[id]/actions/route';
import type { OrgContext } from '@/lib/auth/context';
import { forgetAllApiKeys } from '@/lib/auth/resolve-context';
import { db } from '@/lib/db';
import { createCampaign, policyAuditLog } from '@/lib/policies/policy-store';
import { createApiKey } from '@/lib/settings/api-keys';
import { call, orgContext } from './helpers';

/** Issue 12 item 1: an API key belongs to its creator, acts as them, and four-eyes compares users. */
async function extraMember(base: OrgContext, email: string, role: 'ADMIN' | 'MANAGER'): Promise<OrgContext> {
  const user = await db.user.create({ data: { email, name: email, passwordHash: 'x' } });
  await db.membership.create({ data: { organizationId: base.orgId, userId: user.id, role } });
  return { ...base, role, userId: user.id, actorLabel: email };
}

afterEach(() => forgetAllApiKeys());

describe('API keys act as their owner', () => {
  it('refuses self-approval by one admin through an ADMIN key (draft → submit → approve is 409)', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const key = await createApiKey(admin, { name: 'automation', role: 'ADMIN' });
    const campaign = await createCampaign(admin, { name: 'Key bypass', marginPct: 40 });
    const draft = await call(policiesRoute.POST, {
      url: '/api/v1/policies',
      method: 'POST',
      key: key.key,
      json: {
        campaignId: campaign.id,
        name: 'Ninety',
        rules: { mode: 'fixed', discountPct: 20, maxDiscountPct: 30, excludedSegmentIds: [] },
      },
    });
    expect(draft.status).toBe(201);
    const id = draft.body.id as string;
    const act = (action: string, k: string) =>
      call(actionsRoute.POST, {
        url: `/api/v1/policies/versions/${id}/actions`,
        method: 'POST',
        key: k,
        json: { action },
        params: { id },
      });
    expect((await act('submit', key.key)).status).toBe(200);
    const stored = await db.policyVersion.findUniqueOrThrow({ where: { id } });
    expect([stored.createdById, stored.submittedById]).toEqual([admin.userId, admin.userId]);

    const self = await act('approve', key.key);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('another admin must approve it');

    const other = await extraMember(admin, 'second-admin-key@acme.test', 'ADMIN');
    const otherKey = await createApiKey(other, { name: 'reviewer', role: 'ADMIN' });
    const approved = await act('approve', otherKey.key);
    expect([approved.status, approved.body.status, approved.body.reviewedById]).toEqual([
      200,
      'APPROVED',
      other.userId,
    ]);

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: id, action: 'policy.submit' } });
    expect([audit.actorUserId, audit.actorApiKeyId]).toEqual([admin.userId, key.id]);
    const shown = (await policyAuditLog(admin)).items.find((r) => r.entityId === id && r.action === 'policy.submit');
    expect(shown?.actor).toBe(`admin@acme.test via API key automation (op_${key.prefix}…)`);
  });

  it("acts with at most the owner's current role and stops when the owner loses it or leaves", async () => {
    const admin = await orgContext('acme', 'ADMIN');
    const owner = await extraMember(admin, 'key-owner@acme.test', 'ADMIN');
    const adminKey = await createApiKey(owner, { name: 'owner-admin', role: 'ADMIN' });
    const managerKey = await createApiKey(owner, { name: 'owner-manager', role: 'MANAGER' });
    const me = async (k: string) => call(meRoute.GET, { url: '/api/v1/me', key: k });

    expect((await me(adminKey.key)).body.role).toBe('ADMIN');
    expect((await me(managerKey.key)).body.role).toBe('MANAGER');

    await db.membership.update({
      where: { organizationId_userId: { organizationId: admin.orgId, userId: owner.userId as string } },
      data: { role: 'MANAGER' },
    });
    forgetAllApiKeys();
    expect(await me(adminKey.key)).toEqual({
      status: 401,
      body: {
        error: {
          code: 'unauthenticated',
          message: 'This API key has the role ADMIN, which its owner no longer holds (now MANAGER)',
        },
      },
    });
    expect((await me(managerKey.key)).body.role).toBe('MANAGER');

    await db.membership.delete({
      where: { organizationId_userId: { organizationId: admin.orgId, userId: owner.userId as string } },
    });
    forgetAllApiKeys();
    expect(await me(managerKey.key)).toEqual({
      status: 401,
      body: {
        error: { code: 'unauthenticated', message: "This API key's owner is no longer a member of the organisation" },
      },
    });
  });

  it('refuses to create a key without a user to own it', async () => {
    const admin = await orgContext('acme', 'ADMIN');
    await expect(createApiKey({ ...admin, userId: null }, { name: 'orphan', role: 'ADMIN' })).rejects.toThrow(
      'API keys are created by a signed-in user',
    );
  });
});

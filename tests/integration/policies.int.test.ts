import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import * as offersRoute from '@/app/api/v1/offers/route';
import * as actionsRoute from '@/app/api/v1/policies/versions/[id]/actions/route';
import type { OrgContext } from '@/lib/auth/context';
import { db } from '@/lib/db';
import {
  applyPolicyAction,
  createCampaign,
  draftPolicyVersion,
  policyAuditLog,
  ZAuditTable,
} from '@/lib/policies/policy-store';
import { createApiKey } from '@/lib/settings/api-keys';
import { orgContext } from './helpers';

async function secondAdmin(base: OrgContext): Promise<OrgContext> {
  const user = await db.user.upsert({
    where: { email: 'second-admin@globex.test' },
    update: {},
    create: { email: 'second-admin@globex.test', name: 'Second', passwordHash: 'x' },
  });
  await db.membership.upsert({
    where: { organizationId_userId: { organizationId: base.orgId, userId: user.id } },
    update: {},
    create: { organizationId: base.orgId, userId: user.id, role: 'ADMIN' },
  });
  return { ...base, userId: user.id, actorLabel: user.email };
}

async function post(
  handler: typeof offersRoute.POST,
  url: string,
  key: string,
  json: unknown,
  params: Record<string, string> = {},
) {
  const req = new NextRequest(`http://localhost${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { status: res.status, body: await res.json() };
}

describe('policy workflow on the real database', () => {
  it('draft → submit → approve (not by the submitter) → activate; offers follow; rollback restores the previous version', async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const other = await secondAdmin(admin);
    const campaign = await createCampaign(admin, { name: 'Winter', marginPct: 40 });
    const v1 = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Flat',
      rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 30, excludedSegmentIds: [] },
    });
    await applyPolicyAction(admin, v1.id, { action: 'submit' });
    await expect(applyPolicyAction(admin, v1.id, { action: 'approve' })).rejects.toThrow(
      'another admin must approve it',
    );
    await applyPolicyAction(other, v1.id, { action: 'approve', comment: 'ok' });
    await expect(applyPolicyAction(other, v1.id, { action: 'approve' })).rejects.toThrow(
      'Cannot approve a version that is approved',
    );
    await applyPolicyAction(admin, v1.id, { action: 'activate', rolloutPct: 100, holdoutPct: 0 });

    const storefront = (await createApiKey(admin, { name: 'sf', role: 'MANAGER' })).key;
    const offer = await post(offersRoute.POST, '/api/v1/offers', storefront, {
      customerId: 'GL00001',
      campaignId: campaign.id,
    });
    expect(offer.status).toBe(200);
    expect([offer.body.discountPct, offer.body.policyVersionId, offer.body.reason]).toEqual([
      5,
      v1.id,
      'policy version 1: fixed discount',
    ]);

    const v2 = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      policyId: v1.policyId,
      name: 'Flat',
      rules: { mode: 'fixed', discountPct: 40, maxDiscountPct: 15, excludedSegmentIds: [] },
    });
    expect(v2.version).toBe(2);
    await applyPolicyAction(admin, v2.id, { action: 'submit' });
    await applyPolicyAction(other, v2.id, { action: 'approve' });
    await applyPolicyAction(other, v2.id, { action: 'activate', holdoutPct: 0 });
    const statuses = async () =>
      Object.fromEntries(
        (await db.policyVersion.findMany({ where: { policyId: v1.policyId } })).map((v) => [v.version, v.status]),
      );
    expect(await statuses()).toEqual({ 1: 'RETIRED', 2: 'ACTIVE' });
    expect(
      (await post(offersRoute.POST, '/api/v1/offers', storefront, { customerId: 'GL00002', campaignId: campaign.id }))
        .body.discountPct,
    ).toBe(15); // capped

    await applyPolicyAction(admin, v2.id, { action: 'rollback' });
    expect(await statuses()).toEqual({ 1: 'ACTIVE', 2: 'RETIRED' });
    expect(
      (await post(offersRoute.POST, '/api/v1/offers', storefront, { customerId: 'GL00003', campaignId: campaign.id }))
        .body.discountPct,
    ).toBe(5);

    const audit = (await policyAuditLog(admin)).items
      .filter((a) => a.entityId === v2.id)
      .map((a) => a.action)
      .reverse();
    expect(audit).toEqual(['policy.draft', 'policy.submit', 'policy.approve', 'policy.activate', 'policy.rollback']);

    // the audit table searches by action or actor and pages on the server
    const approvals = await policyAuditLog(admin, ZAuditTable.parse({ q: 'APPROVE', pageSize: '1' }));
    expect(approvals.items.every((a) => a.action.includes('approve'))).toBe(true);
    expect(approvals.pageSize).toBe(1);
    const byAdmin = await policyAuditLog(
      admin,
      ZAuditTable.parse({ q: 'SECOND-admin@globex', sort: 'action', dir: 'asc' }),
    );
    expect(byAdmin.items.length).toBeGreaterThan(0);
    // only the second admin's rows ("admin@globex.test" alone would match both admins' e-mails)
    expect(byAdmin.items.every((a) => a.actorUserId === other.userId)).toBe(true);
    expect(byAdmin.items.map((a) => a.action)).toEqual([...byAdmin.items.map((a) => a.action)].sort());
    const decisions = await db.policyDecision.count({ where: { policyVersionId: { in: [v1.id, v2.id] } } });
    expect(decisions).toBe(3);
  });

  it('never leaves two versions active under concurrent activations', async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const other = await secondAdmin(admin);
    const campaign = await createCampaign(admin, { name: 'Race', marginPct: 40 });
    const versions = [];
    for (const d of [5, 10, 15]) {
      const v = await draftPolicyVersion(admin, {
        campaignId: campaign.id,
        name: `P${d}`,
        rules: { mode: 'fixed', discountPct: d, maxDiscountPct: 30, excludedSegmentIds: [] },
      });
      await applyPolicyAction(admin, v.id, { action: 'submit' });
      await applyPolicyAction(other, v.id, { action: 'approve' });
      versions.push(v);
    }
    const results = await Promise.allSettled(
      versions.map((v) => applyPolicyAction(admin, v.id, { action: 'activate' })),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const active = await db.policyVersion.count({ where: { status: 'ACTIVE', policy: { campaignId: campaign.id } } });
    expect(active).toBe(1);
  });

  it('numbers concurrent drafts of one policy in turn (v2…v5), never answering a unique violation', async () => {
    const manager = await orgContext('acme', 'MANAGER');
    const campaign = await createCampaign(manager, { name: 'Draft race', marginPct: 40 });
    const rules = (d: number) => ({
      mode: 'fixed' as const,
      discountPct: d,
      maxDiscountPct: 30,
      excludedSegmentIds: [],
    });
    const v1 = await draftPolicyVersion(manager, { campaignId: campaign.id, name: 'Race', rules: rules(5) });
    const drafts = await Promise.allSettled(
      [10, 15, 20, 25].map((d) =>
        draftPolicyVersion(manager, { campaignId: campaign.id, policyId: v1.policyId, name: 'Race', rules: rules(d) }),
      ),
    );
    expect(drafts.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const numbers = await db.policyVersion.findMany({
      where: { policyId: v1.policyId },
      orderBy: { version: 'asc' },
      select: { version: true },
    });
    expect(numbers.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('checks roles on the server: a manager key cannot approve (403); rejecting needs a comment (400)', async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const campaign = await createCampaign(admin, { name: 'Roles', marginPct: 40 });
    const v = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'R',
      rules: { mode: 'fixed', discountPct: 5, maxDiscountPct: 30, excludedSegmentIds: [] },
    });
    await applyPolicyAction(admin, v.id, { action: 'submit' });
    const manager = (await createApiKey(admin, { name: 'm', role: 'MANAGER' })).key;
    const adminKey = (await createApiKey(admin, { name: 'a', role: 'ADMIN' })).key;
    const denied = await post(
      actionsRoute.POST as never,
      `/api/v1/policies/versions/${v.id}/actions`,
      manager,
      { action: 'approve' },
      { id: v.id },
    );
    expect([denied.status, denied.body.error.message]).toEqual([
      403,
      'Your role (MANAGER) does not have the permission "policies.approve"',
    ]);
    const noComment = await post(
      actionsRoute.POST as never,
      `/api/v1/policies/versions/${v.id}/actions`,
      adminKey,
      { action: 'reject' },
      { id: v.id },
    );
    expect(noComment.status).toBe(400);
    const acme = (await createApiKey(await orgContext('acme', 'ADMIN'), { name: 'x', role: 'ADMIN' })).key;
    const foreign = await post(
      actionsRoute.POST as never,
      `/api/v1/policies/versions/${v.id}/actions`,
      acme,
      { action: 'reject', comment: 'no' },
      { id: v.id },
    );
    expect(foreign.status).toBe(404);
  });

  it('applies the frequency cap to live offers', async () => {
    const admin = await orgContext('globex', 'ADMIN');
    const other = await secondAdmin(admin);
    const campaign = await createCampaign(admin, { name: 'Capped', marginPct: 40 });
    const v = await draftPolicyVersion(admin, {
      campaignId: campaign.id,
      name: 'Cap',
      rules: { mode: 'fixed', discountPct: 10, frequencyCap: { maxOffers: 1, perDays: 30 } },
    });
    await applyPolicyAction(admin, v.id, { action: 'submit' });
    await applyPolicyAction(other, v.id, { action: 'approve' });
    await applyPolicyAction(admin, v.id, { action: 'activate', holdoutPct: 0 });
    const key = (await createApiKey(admin, { name: 'cap', role: 'MANAGER' })).key;
    const first = await post(offersRoute.POST, '/api/v1/offers', key, {
      customerId: 'GL00009',
      campaignId: campaign.id,
    });
    const second = await post(offersRoute.POST, '/api/v1/offers', key, {
      customerId: 'GL00009',
      campaignId: campaign.id,
    });
    expect([first.body.discountPct, second.body.discountPct]).toEqual([10, 0]);
    expect(second.body.reason).toBe('policy version 1: frequency cap: 1 discounted offer(s) per 30 day(s) reached');
  });
});

import { applyPolicyAction, createCampaign, draftPolicyVersion } from '@/lib/policies/policy-store';
import { orgContext } from './helpers';

/** A campaign of the organisation whose fixed policy (with `maxDiscountPct`) is active: manager submits, admin approves. */
export async function activeCampaign(slug: 'acme' | 'globex', name: string, maxDiscountPct: number) {
  const admin = await orgContext(slug, 'ADMIN');
  const manager = slug === 'acme' ? await orgContext(slug, 'MANAGER') : { ...admin, userId: null };
  const campaign = await createCampaign(admin, { name, marginPct: 40 });
  const v = await draftPolicyVersion(admin, {
    campaignId: campaign.id,
    name,
    rules: { mode: 'fixed', discountPct: 5, maxDiscountPct, excludedSegmentIds: [] },
  });
  if (!manager.userId) throw new Error('activeCampaign needs a manager in the organisation');
  await applyPolicyAction(manager, v.id, { action: 'submit' });
  await applyPolicyAction(admin, v.id, { action: 'approve', comment: 'ok' });
  await applyPolicyAction(admin, v.id, { action: 'activate', rolloutPct: 100 });
  return campaign;
}

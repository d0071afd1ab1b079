import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { createCampaign, listCampaigns, ZCreateCampaign } from '@/lib/policies/policy-store';

export const runtime = 'nodejs';

/** Campaigns with their policies and versions (status, rollout, live decision counts). */
export const GET = withOrg(
  { permission: 'org.read', doc: { summary: 'List campaigns with their policies and versions' } },
  async ({ ctx }) => ({ items: await listCampaigns(ctx) }),
);

export const POST = withOrg(
  { permission: 'campaigns.edit', doc: { summary: 'Create a campaign', status: 201 }, body: ZCreateCampaign },
  async ({ ctx, body }) => NextResponse.json(await createCampaign(ctx, body), { status: 201 }),
);

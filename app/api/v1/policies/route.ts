import { NextResponse } from 'next/server';
import { withOrg } from '@/lib/http/with-org';
import { draftPolicyVersion, ZDraftPolicy } from '@/lib/policies/policy-store';

export const runtime = 'nodejs';

/** Drafts a new policy, or a new version of one (`policyId`). */
export const POST = withOrg(
  {
    permission: 'policies.draft',
    doc: { summary: 'Draft a policy, or a new version of one', status: 201 },
    body: ZDraftPolicy,
  },
  async ({ ctx, body }) => NextResponse.json(await draftPolicyVersion(ctx, body), { status: 201 }),
);

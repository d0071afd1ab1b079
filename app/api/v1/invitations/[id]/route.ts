import { withOrg } from '@/lib/http/with-org';
import { revokeInvitation } from '@/lib/members/invite-member';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

export const DELETE = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'Withdraw an open invitation (its link stops working)' },
    params: ZIdParams,
  },
  ({ ctx, params }) => revokeInvitation(ctx, params.id),
);

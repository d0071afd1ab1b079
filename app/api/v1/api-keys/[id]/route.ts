import { withOrg } from '@/lib/http/with-org';
import { revokeApiKey } from '@/lib/settings/api-keys';
import { ZIdParams } from '@/lib/validation/common';

export const runtime = 'nodejs';

/** Revokes the key (kept for the audit trail, refused from now on). */
export const DELETE = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'Revoke an API key (kept for the audit trail)' },
    params: ZIdParams,
  },
  ({ ctx, params }) => revokeApiKey(ctx, params.id),
);

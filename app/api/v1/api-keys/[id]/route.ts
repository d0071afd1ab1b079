import { withOrg } from '@/lib/http/with-org';
import { revokeApiKey, updateApiKeyLimits, ZRateLimit } from '@/lib/settings/api-keys';
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

/** Changes the key's rate limit (token bucket: refill per second, bucket size). */
export const PATCH = withOrg(
  {
    permission: 'settings.manage',
    doc: {
      summary: 'Change an API key’s rate limit',
      example: { request: { rateLimitPerSecond: 200, rateLimitBurst: 400 } },
    },
    params: ZIdParams,
    body: ZRateLimit,
  },
  ({ ctx, params, body }) => updateApiKeyLimits(ctx, params.id, body),
);

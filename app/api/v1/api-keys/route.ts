import { NextResponse } from 'next/server';
import { z } from 'zod';
import { withOrg } from '@/lib/http/with-org';
import { createApiKey, listApiKeys, ZApiKeyMode, ZRateLimit } from '@/lib/settings/api-keys';
import { ZRole } from '@/lib/validation/common';

export const runtime = 'nodejs';

const ZCreate = z
  .object({
    name: z.string().trim().min(1).max(80),
    role: ZRole.default('MANAGER'),
    /** days until the key stops working (default 90); null: never expires */
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
    mode: ZApiKeyMode.default('LIVE').describe(
      'TEST: a sandbox key — real offer decisions, logged apart (GET /api/v1/sandbox/decisions); it changes no live ' +
        'count, experiment, frequency cap or feature, and every write but offers, events and score answers 403',
    ),
  })
  .extend(ZRateLimit.partial().shape);

export const GET = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'List the organisation’s API keys (prefix, role, mode, last use, revoked)' },
  },
  async ({ ctx }) => ({ items: await listApiKeys(ctx) }),
);

export const POST = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'Create an API key; the clear key is in this answer only', status: 201 },
    body: ZCreate,
  },
  async ({ ctx, body }) => NextResponse.json(await createApiKey(ctx, body), { status: 201 }),
);

import 'server-only';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import { generateApiKey } from '../auth/api-key-format';
import type { OrgContext } from '../auth/context';
import { forgetApiKey } from '../auth/resolve-context';
import { db } from '../db';
import { AppError } from '../http/errors';
import { resetRateLimit } from '../http/rate-limit';
import type { RoleName } from '../rbac';

/** API keys of the organisation, newest first; never the key or its hash. */
export function listApiKeys(ctx: OrgContext) {
  return db.apiKey.findMany({
    where: { organizationId: ctx.orgId },
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      prefix: true,
      role: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      rateLimitPerSecond: true,
      rateLimitBurst: true,
      expiresAt: true,
      mode: true,
    },
  });
}

export const ZRateLimit = z.object({
  rateLimitPerSecond: z.number().positive().max(100_000).describe('tokens added per second'),
  rateLimitBurst: z.number().int().min(1).max(100_000).describe('bucket size: the most requests at once'),
});
export type RateLimitInput = z.infer<typeof ZRateLimit>;

export const DEFAULT_KEY_LIFETIME_DAYS = 90;

/** LIVE keys change live data; TEST (sandbox) keys get real answers and change no live count (README, API). */
export const ZApiKeyMode = z.enum(['LIVE', 'TEST']);
export type ApiKeyMode = z.infer<typeof ZApiKeyMode>;

/**
 * Creates a key; the clear key is returned once and only its SHA-256 is stored. Only a signed-in user creates keys
 * (never another key: an ADMIN key cannot mint ADMIN keys); the key expires after `expiresInDays` (default 90;
 * null: never).
 */
export async function createApiKey(
  ctx: OrgContext,
  input: { name: string; role: RoleName; expiresInDays?: number | null; mode?: ApiKeyMode } & Partial<RateLimitInput>,
  now: Date = new Date(),
) {
  if (ctx.apiKeyId) throw new AppError('forbidden', 'API keys are created by a signed-in admin, not with an API key');
  // a key belongs to the user who creates it and acts as them: there must be one
  if (!ctx.userId) throw new AppError('forbidden', 'API keys are created by a signed-in user');
  const days = input.expiresInDays === undefined ? DEFAULT_KEY_LIFETIME_DAYS : input.expiresInDays;
  const expiresAt = days === null ? null : new Date(now.getTime() + days * 86_400_000);
  const { key, prefix, keyHash } = generateApiKey();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        organizationId: ctx.orgId,
        name: input.name,
        role: input.role,
        prefix,
        keyHash,
        createdById: ctx.userId,
        rateLimitPerSecond: input.rateLimitPerSecond,
        rateLimitBurst: input.rateLimitBurst,
        expiresAt,
        mode: input.mode ?? 'LIVE',
      },
    });
    await writeAudit(tx, ctx, {
      action: 'api_key.create',
      entityType: 'ApiKey',
      entityId: created.id,
      diff: {
        name: input.name,
        role: input.role,
        prefix,
        expiresAt: expiresAt?.toISOString() ?? null,
        mode: created.mode,
      },
    });
    return created;
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.createdAt,
    rateLimitPerSecond: row.rateLimitPerSecond,
    rateLimitBurst: row.rateLimitBurst,
    expiresAt: row.expiresAt,
    mode: row.mode,
    key,
  };
}

/** Changes a key's rate limit; applies at once in this process (its cached row and bucket are dropped). */
export async function updateApiKeyLimits(ctx: OrgContext, id: string, input: RateLimitInput) {
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.findFirst({ where: { id, organizationId: ctx.orgId } });
    if (!row) throw AppError.notFound('API key');
    const updated = await tx.apiKey.update({ where: { id }, data: input });
    await writeAudit(tx, ctx, {
      action: 'api_key.limits',
      entityType: 'ApiKey',
      entityId: id,
      diff: {
        rateLimitPerSecond: [row.rateLimitPerSecond, input.rateLimitPerSecond],
        rateLimitBurst: [row.rateLimitBurst, input.rateLimitBurst],
      },
    });
    forgetApiKey(id);
    resetRateLimit(id);
    return {
      id: updated.id,
      rateLimitPerSecond: updated.rateLimitPerSecond,
      rateLimitBurst: updated.rateLimitBurst,
    };
  });
}

export async function revokeApiKey(ctx: OrgContext, id: string) {
  return db.$transaction(async (tx) => {
    const row = await tx.apiKey.findFirst({ where: { id, organizationId: ctx.orgId } });
    if (!row) throw AppError.notFound('API key');
    if (row.revokedAt) throw new AppError('conflict', 'This API key is already revoked');
    const updated = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, ctx, {
      action: 'api_key.revoke',
      entityType: 'ApiKey',
      entityId: id,
      diff: { prefix: row.prefix },
    });
    forgetApiKey(id);
    return { id: updated.id, revokedAt: updated.revokedAt };
  });
}

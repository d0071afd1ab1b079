import 'server-only';
import { z } from 'zod';
import { writeAudit } from '../audit/write-audit';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { type FormatSettings, isKnownCurrency, isKnownLocale } from '../format/number-format';

/** Body of PATCH /api/v1/organization: how the organisation's numbers and amounts are shown. */
export const ZOrganizationSettings = z
  .object({
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isKnownCurrency, 'must be an ISO 4217 currency code such as GBP, EUR or USD'),
    locale: z.string().trim().refine(isKnownLocale, 'must be a locale such as en-GB, en-US or de-DE'),
  })
  .partial()
  .refine((v) => v.currency !== undefined || v.locale !== undefined, 'give a currency, a locale or both');

export type OrganizationSettings = z.infer<typeof ZOrganizationSettings>;

export async function getOrganizationSettings(orgId: string): Promise<FormatSettings & { name: string }> {
  return db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { name: true, currency: true, locale: true },
  });
}

/** Changes currency and/or locale, audited with before → after. */
export async function updateOrganizationSettings(ctx: OrgContext, change: OrganizationSettings) {
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({
      where: { id: ctx.orgId },
      select: { currency: true, locale: true },
    });
    const after = await tx.organization.update({
      where: { id: ctx.orgId },
      data: change,
      select: { name: true, currency: true, locale: true },
    });
    await writeAudit(tx, ctx, {
      action: 'organization.settings',
      entityType: 'Organization',
      entityId: ctx.orgId,
      diff: { before, after: { currency: after.currency, locale: after.locale } },
    });
    return after;
  });
}

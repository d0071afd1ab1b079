import { withOrg } from '@/lib/http/with-org';
import {
  getOrganizationSettings,
  updateOrganizationSettings,
  ZOrganizationSettings,
} from '@/lib/settings/organization';

export const runtime = 'nodejs';

/** The organisation's name, currency and locale. */
export const GET = withOrg(
  { permission: 'org.read', doc: { summary: 'The organisation’s name, currency and locale' } },
  ({ ctx }) => getOrganizationSettings(ctx.orgId),
);

/** Admins change the currency and locale every amount and number is shown in. */
export const PATCH = withOrg(
  {
    permission: 'settings.manage',
    doc: { summary: 'Change the currency and locale amounts and numbers are shown in' },
    body: ZOrganizationSettings,
  },
  ({ ctx, body }) => updateOrganizationSettings(ctx, body),
);

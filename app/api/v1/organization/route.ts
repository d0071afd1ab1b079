import { withOrg } from '@/lib/http/with-org';
import {
  getOrganizationSettings,
  updateOrganizationSettings,
  ZOrganizationSettings,
} from '@/lib/settings/organization';

export const runtime = 'nodejs';

/** The organisation's name, currency and locale. */
export const GET = withOrg({ permission: 'org.read' }, ({ ctx }) => getOrganizationSettings(ctx.orgId));

/** Admins change the currency and locale every amount and number is shown in. */
export const PATCH = withOrg({ permission: 'settings.manage', body: ZOrganizationSettings }, ({ ctx, body }) =>
  updateOrganizationSettings(ctx, body),
);

import type { Permission, RoleName } from '../rbac';

/** Who is acting, for which organisation, with which role: passed to every lib function that touches data. */
export interface OrgContext {
  orgId: string;
  orgName: string;
  role: RoleName;
  userId: string | null;
  apiKeyId: string | null;
  actorLabel: string;
}

export type { Permission, RoleName };

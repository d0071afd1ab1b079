import type { Permission, RoleName } from '../rbac';

/** Who is acting, for which organisation, with which role: passed to every lib function that touches data. */
export interface OrgContext {
  orgId: string;
  orgName: string;
  role: RoleName;
  userId: string | null;
  apiKeyId: string | null;
  actorLabel: string;
  /** API keys only: the key's token-bucket limit (lib/http/rate-limit.ts) */
  rateLimit?: { perSecond: number; burst: number };
  /** API keys created in test (sandbox) mode: real answers, no change to live data (lib/http/with-org.ts) */
  sandbox?: boolean;
}

/** A membership row with the organisation's name and the user's e-mail (the include every caller uses). */
export interface MemberWithNames {
  organizationId: string;
  userId: string;
  role: RoleName;
  organization: { name: string };
  user: { email: string };
}

/** The context of a member acting as themselves (a signed-in session, or a seeded user in scripts and tests). */
export function memberContext(m: MemberWithNames): OrgContext {
  return {
    orgId: m.organizationId,
    orgName: m.organization.name,
    role: m.role,
    userId: m.userId,
    apiKeyId: null,
    actorLabel: m.user.email,
  };
}

export type { Permission, RoleName };

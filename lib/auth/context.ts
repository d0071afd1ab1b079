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

export type { Permission, RoleName };

/**
 * Who may do what: the one table. Routes and server actions declare the permission they need; the server
 * checks it (lib/http/with-org.ts, lib/auth/require-page.ts). Hiding a button in the UI is never the check.
 */
export const ROLES = ['ADMIN', 'MANAGER', 'ANALYST'] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read', // see the organisation's dashboards and data summaries
  'customers.read',
  'data.upload',
  'data.delete',
  'segments.run',
  'segments.edit',
  'models.train',
  'models.read',
  'models.promote', // mark a model version as serving candidate
  'models.activate', // make a model version the one the scoring API serves
  'serving.score', // call the scoring / offers API
  'events.ingest', // push live events
  'campaigns.edit',
  'policies.draft',
  'policies.submit',
  'policies.approve',
  'policies.rollout',
  'experiments.edit', // create draft experiments, stop running ones
  'experiments.submit', // submit a draft experiment for approval (it changes live offers)
  'experiments.approve', // approve and start an experiment submitted by someone else
  'experiments.read',
  'audit.read',
  'audit.verify', // check the audit log's hash chain (admins)
  'settings.manage', // members, API keys
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ANALYST: Permission[] = [
  'org.read',
  'customers.read',
  'segments.run',
  'segments.edit',
  'models.train',
  'models.read',
  'models.promote',
  'serving.score',
  'experiments.edit',
  'experiments.read',
  'audit.read',
];
const MANAGER: Permission[] = [
  'org.read',
  'customers.read',
  'data.upload',
  'data.delete',
  'models.read',
  'serving.score',
  'events.ingest',
  'campaigns.edit',
  'policies.draft',
  'policies.submit',
  'experiments.edit',
  'experiments.submit',
  'experiments.read',
  'audit.read',
];

export const ROLE_PERMISSIONS: Record<RoleName, ReadonlySet<Permission>> = {
  ADMIN: new Set(PERMISSIONS),
  MANAGER: new Set(MANAGER),
  ANALYST: new Set(ANALYST),
};

export function can(role: RoleName, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export const ROLE_LABELS: Record<RoleName, string> = {
  ADMIN: 'Admin',
  MANAGER: 'Marketing manager',
  ANALYST: 'Analyst',
};

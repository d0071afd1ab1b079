import 'server-only';
import type { OrgContext } from '../auth/context';
import { db } from '../db';
import { ttlCache } from './ttl-cache';

const armVersions = ttlCache<{ id: string; version: number; rules: unknown } | null>();

export interface ExperimentArm {
  kind: string;
  policyVersionId: string | null;
}

/**
 * The policy version that decides for an experiment arm: the named version of the experiment's campaign
 * ("policy-version": its rules alone, whatever its status), or the campaign's active version at the time of the
 * offer ("current-policy"); null for fixed-discount and no-discount arms, and when the campaign has no active
 * version (the arm then offers no discount). Re-read at most once a second per organisation.
 */
export async function armPolicyVersion(
  ctx: OrgContext,
  experiment: { campaignId: string | null },
  arm: ExperimentArm,
): Promise<{ id: string; version: number; rules: unknown } | null> {
  if (arm.kind === 'policy-version' && arm.policyVersionId) {
    const id = arm.policyVersionId;
    return armVersions(`${ctx.orgId}:arm:${id}`, () =>
      db.policyVersion.findFirst({
        where: { id, organizationId: ctx.orgId },
        select: { id: true, version: true, rules: true },
      }),
    );
  }
  if (arm.kind === 'current-policy' && experiment.campaignId) {
    const campaignId = experiment.campaignId;
    return armVersions(`${ctx.orgId}:current:${campaignId}`, () =>
      db.policyVersion.findFirst({
        where: { organizationId: ctx.orgId, status: 'ACTIVE', policy: { campaignId } },
        orderBy: { activatedAt: 'desc' },
        select: { id: true, version: true, rules: true },
      }),
    );
  }
  return null;
}

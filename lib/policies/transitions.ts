/**
 * Policy version workflow — the one table of legal moves, and who may make them:
 *   DRAFT     → SUBMITTED  (submit; a manager or admin)
 *   SUBMITTED → APPROVED   (approve; an admin who did not submit it)  | REJECTED (reject; an admin, with a comment)
 *   APPROVED  → ACTIVE     (roll out to a share of traffic; an admin) — the campaign's previous ACTIVE version is RETIRED
 *   ACTIVE    → PAUSED     (pause) | RETIRED (rolled back or replaced)
 *   PAUSED    → ACTIVE     (resume) | RETIRED
 *   RETIRED   → ACTIVE     (rollback target: the previous version comes back)
 * REJECTED is final (a new draft is a new version).
 */
import type { Permission } from '../rbac';

export type PolicyStatus = 'DRAFT' | 'SUBMITTED' | 'APPROVED' | 'REJECTED' | 'ACTIVE' | 'PAUSED' | 'RETIRED';
export type PolicyAction = 'submit' | 'approve' | 'reject' | 'activate' | 'pause' | 'resume' | 'rollback';

export const POLICY_ACTIONS: Record<
  PolicyAction,
  { from: readonly PolicyStatus[]; to: PolicyStatus; permission: Permission }
> = {
  submit: { from: ['DRAFT'], to: 'SUBMITTED', permission: 'policies.submit' },
  approve: { from: ['SUBMITTED'], to: 'APPROVED', permission: 'policies.approve' },
  reject: { from: ['SUBMITTED'], to: 'REJECTED', permission: 'policies.approve' },
  activate: { from: ['APPROVED'], to: 'ACTIVE', permission: 'policies.rollout' },
  pause: { from: ['ACTIVE'], to: 'PAUSED', permission: 'policies.rollout' },
  resume: { from: ['PAUSED'], to: 'ACTIVE', permission: 'policies.rollout' },
  rollback: { from: ['ACTIVE', 'PAUSED'], to: 'RETIRED', permission: 'policies.rollout' },
};

export class TransitionError extends Error {}

/** Checks a move; returns the target status or throws a TransitionError saying why not. */
export function checkTransition(
  action: PolicyAction,
  from: PolicyStatus,
  actor: { userId: string | null },
  version: { submittedById: string | null },
): PolicyStatus {
  const rule = POLICY_ACTIONS[action];
  if (!rule.from.includes(from))
    throw new TransitionError(
      `Cannot ${action} a version that is ${from.toLowerCase()} (allowed from: ${rule.from.map((s) => s.toLowerCase()).join(', ')})`,
    );
  if (action === 'approve') assertFourEyes(actor.userId, version.submittedById);
  return rule.to;
}

/**
 * Four eyes: the approver and the submitter must be two known, different users. A missing user on either side
 * (an unattributed submit, an actor without a user) is refused, never waved through.
 */
export function assertFourEyes(approverId: string | null, submitterId: string | null): void {
  if (!approverId || !submitterId)
    throw new TransitionError('Approval needs a known submitter and a known approver; submit it again as a user');
  if (approverId === submitterId)
    throw new TransitionError('You cannot approve a version you submitted yourself; another admin must approve it');
}

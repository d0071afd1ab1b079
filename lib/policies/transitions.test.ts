import { describe, expect, it } from 'vitest';
import { checkTransition, POLICY_ACTIONS, type PolicyAction, type PolicyStatus, TransitionError } from './transitions';

const ALL: PolicyStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'ACTIVE', 'PAUSED', 'RETIRED'];

describe('policy workflow', () => {
  it('allows exactly the documented moves', () => {
    const allowed: string[] = [];
    for (const action of Object.keys(POLICY_ACTIONS) as PolicyAction[]) {
      for (const from of ALL) {
        try {
          allowed.push(`${from}-${action}->${checkTransition(action, from, { userId: 'a' }, { submittedById: 'b' })}`);
        } catch (e) {
          expect(e).toBeInstanceOf(TransitionError);
        }
      }
    }
    expect(allowed).toEqual([
      'DRAFT-submit->SUBMITTED',
      'SUBMITTED-approve->APPROVED',
      'SUBMITTED-reject->REJECTED',
      'APPROVED-activate->ACTIVE',
      'ACTIVE-pause->PAUSED',
      'PAUSED-resume->ACTIVE',
      'ACTIVE-rollback->RETIRED',
      'PAUSED-rollback->RETIRED',
    ]);
  });
  it('refuses self-approval and names the reason', () => {
    expect(() => checkTransition('approve', 'SUBMITTED', { userId: 'u1' }, { submittedById: 'u1' })).toThrow(
      'another admin must approve it',
    );
    expect(() => checkTransition('activate', 'DRAFT', { userId: 'u1' }, { submittedById: null })).toThrow(
      'Cannot activate a version that is draft (allowed from: approved)',
    );
  });
  it('refuses approval when the submitter or the approver is unknown (null never matches as "different")', () => {
    expect(() => checkTransition('approve', 'SUBMITTED', { userId: null }, { submittedById: 'u1' })).toThrow(
      'Approval needs a known submitter and a known approver',
    );
    expect(() => checkTransition('approve', 'SUBMITTED', { userId: 'u2' }, { submittedById: null })).toThrow(
      'Approval needs a known submitter and a known approver',
    );
    expect(checkTransition('approve', 'SUBMITTED', { userId: 'u2' }, { submittedById: 'u1' })).toBe('APPROVED');
  });
  it('keeps approval and rollout with permissions only admins have', () => {
    expect([
      POLICY_ACTIONS.approve.permission,
      POLICY_ACTIONS.activate.permission,
      POLICY_ACTIONS.submit.permission,
    ]).toEqual(['policies.approve', 'policies.rollout', 'policies.submit']);
  });
});

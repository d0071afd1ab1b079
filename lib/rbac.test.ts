import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './rbac';

describe('role → permission table', () => {
  it('gives admins every permission', () => {
    for (const p of PERMISSIONS) expect(can('ADMIN', p)).toBe(true);
  });
  it('keeps approval, rollout and settings with admins only', () => {
    for (const p of [
      'policies.approve',
      'policies.rollout',
      'settings.manage',
      'models.activate',
      'experiments.approve',
      'audit.verify',
    ] as const) {
      expect(ROLES.filter((r) => can(r, p))).toEqual(['ADMIN']);
    }
  });
  it('lets managers upload and draft but not train; analysts train but not upload', () => {
    expect([can('MANAGER', 'data.upload'), can('MANAGER', 'policies.draft'), can('MANAGER', 'models.train')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([can('ANALYST', 'data.upload'), can('ANALYST', 'models.train'), can('ANALYST', 'policies.draft')]).toEqual([
      false,
      true,
      false,
    ]);
  });
  it('lets managers submit experiments and analysts only draft them', () => {
    expect(ROLES.filter((r) => can(r, 'experiments.submit'))).toEqual(['ADMIN', 'MANAGER']);
    expect(ROLES.filter((r) => can(r, 'experiments.edit'))).toEqual(['ADMIN', 'MANAGER', 'ANALYST']);
  });
  it('grants only known permissions and sizes the tables as declared', () => {
    const known = new Set<string>(PERMISSIONS);
    for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) expect(known.has(p)).toBe(true);
    expect([ROLE_PERMISSIONS.ADMIN.size, ROLE_PERMISSIONS.MANAGER.size, ROLE_PERMISSIONS.ANALYST.size]).toEqual([
      24, 14, 11,
    ]);
  });
  it('lets managers and admins delete datasets, not analysts (issue 14.3)', () => {
    expect(ROLES.filter((r) => can(r, 'data.delete'))).toEqual(['ADMIN', 'MANAGER']);
  });
});

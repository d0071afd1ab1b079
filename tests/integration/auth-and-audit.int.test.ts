import { describe, expect, it } from 'vitest';
import { writeAudit } from '@/lib/audit/write-audit';
import { authenticateUser } from '@/lib/auth/authenticate-user';
import { db } from '@/lib/db';
import { DEMO_PASSWORD } from '@/lib/seed/seed-orgs';
import { orgContext } from './helpers';

describe('password sign-in', () => {
  it('stores argon2id hashes and checks them', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'manager@acme.test' } });
    expect(user.passwordHash.startsWith('$argon2id$v=19$')).toBe(true);
    const ok = await authenticateUser('manager@acme.test', DEMO_PASSWORD);
    const acme = await db.organization.findUniqueOrThrow({ where: { slug: 'acme' } });
    expect(ok).toEqual({
      id: user.id,
      email: 'manager@acme.test',
      name: 'Max Manager',
      orgId: acme.id,
      sessionVersion: 0,
    });
    expect(await authenticateUser('manager@acme.test', 'wrong')).toBeNull();
    expect(await authenticateUser('nobody@acme.test', DEMO_PASSWORD)).toBeNull();
  });
});

describe('audit log', () => {
  it('is append-only at the database level', async () => {
    const ctx = await orgContext('acme', 'ADMIN');
    const row = await writeAudit(db, ctx, {
      action: 'test.append',
      entityType: 'Test',
      entityId: 't1',
      diff: { a: 1 },
    });
    await expect(db.auditLog.update({ where: { id: row.id }, data: { action: 'tampered' } })).rejects.toThrow(
      /append-only/,
    );
    await expect(db.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect((await db.auditLog.findUniqueOrThrow({ where: { id: row.id } })).action).toBe('test.append');
  });
});

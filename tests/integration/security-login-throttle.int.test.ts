import { describe, expect, it } from 'vitest';
import { authOptions } from '@/lib/auth/options';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { db } from '@/lib/db';
import { DEMO_PASSWORD } from '@/lib/seed/seed-orgs';

/**
 * Issue 12 item 6: failed sign-ins are throttled per account and per client address with exponential backoff, in
 * PostgreSQL; wrong passwords are audited without the password. Time is injected: `at(s)` is s seconds after t0.
 */
const t0 = Date.parse('2026-03-02T09:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);

describe('sign-in throttling', () => {
  it('locks an account after 5 wrong passwords for 5, 10, 20, 40 s, refuses even the right password meanwhile', async () => {
    const email = 'manager@acme.test';
    const address = '198.51.100.1';
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++)
      kinds.push((await signInWithPassword({ email, password: `x${i}`, address }, at(i))).kind);
    expect(kinds).toEqual(['refused', 'refused', 'refused', 'refused']);
    expect(await signInWithPassword({ email, password: 'x4', address }, at(4))).toEqual({
      kind: 'throttled',
      retryAfterS: 5,
    });
    // locked until t0+9 s: the right password is not even checked
    expect(await signInWithPassword({ email, password: DEMO_PASSWORD, address }, at(6))).toEqual({
      kind: 'throttled',
      retryAfterS: 3,
    });
    expect(await signInWithPassword({ email, password: 'x5', address }, at(9))).toEqual({
      kind: 'throttled',
      retryAfterS: 10,
    });
    expect(await signInWithPassword({ email, password: 'x6', address }, at(19))).toMatchObject({ retryAfterS: 20 });
    expect(await signInWithPassword({ email, password: 'x7', address }, at(39))).toMatchObject({ retryAfterS: 40 });
    expect(await signInWithPassword({ email, password: DEMO_PASSWORD, address }, at(60))).toEqual({
      kind: 'throttled',
      retryAfterS: 19,
    });
    const ok = await signInWithPassword({ email, password: DEMO_PASSWORD, address }, at(79));
    expect(ok.kind).toBe('ok');
    // the success cleared the account: the next wrong password is a plain refusal again
    expect((await signInWithPassword({ email, password: 'y', address }, at(80))).kind).toBe('refused');

    // every wrong password (not the refusals while locked) audited in the account's organisation, no password
    const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    const rows = await db.auditLog.findMany({
      where: { action: 'auth.sign_in_failed', entityId: user.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows).toHaveLength(9);
    expect(rows.every((r) => r.organizationId === user.memberships[0].organizationId && r.actorUserId === null)).toBe(
      true,
    );
    expect(rows.map((r) => (r.diff as { lockedForS: number }).lockedForS)).toEqual([0, 0, 0, 0, 5, 10, 20, 40, 0]);
    expect(rows[0].diff).toEqual({ email, address, lockedForS: 0 });
    expect(JSON.stringify(rows)).not.toMatch(/"x[0-9]"|offerpilot-demo/);
  });

  it('locks a client address after 20 failures on any accounts; other addresses and accounts are unaffected', async () => {
    const address = '203.0.113.7';
    for (let i = 0; i < 19; i++) {
      const r = await signInWithPassword({ email: `nobody${i}@spray.test`, password: 'guess', address }, at(i));
      expect(r.kind).toBe('refused');
    }
    expect(await signInWithPassword({ email: 'nobody19@spray.test', password: 'guess', address }, at(19))).toEqual({
      kind: 'throttled',
      retryAfterS: 5,
    });
    // the sprayed address cannot even sign in a real account; another address can
    expect(
      (await signInWithPassword({ email: 'analyst@acme.test', password: DEMO_PASSWORD, address }, at(20))).kind,
    ).toBe('throttled');
    const elsewhere = await signInWithPassword(
      { email: 'analyst@acme.test', password: DEMO_PASSWORD, address: '203.0.113.8' },
      at(20),
    );
    expect(elsewhere.kind).toBe('ok');
    // unknown emails belong to no organisation: nothing audited, but the rows exist for the throttle
    expect(await db.loginThrottle.count({ where: { key: { startsWith: 'account:nobody' } } })).toBe(20);
    expect(
      await db.auditLog.count({
        where: { action: 'auth.sign_in_failed', diff: { path: ['address'], equals: address } },
      }),
    ).toBe(0);
  });

  it('starts the count afresh an hour after the last failure', async () => {
    const email = 'admin@globex.test';
    for (let i = 0; i < 4; i++) await signInWithPassword({ email, password: 'bad', address: null }, at(i));
    const later = await signInWithPassword({ email, password: 'bad', address: null }, at(3 + 3601));
    expect(later.kind).toBe('refused'); // the 5th failure would have locked; an hour later it is the 1st
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } });
    expect(row.failures).toBe(1);
  });

  it('a burst of 30 parallel wrong passwords gets exactly 5 checked before the lock holds (any instance)', async () => {
    const email = 'analyst@globex.test';
    const attempts = Array.from({ length: 30 }, (_, i) =>
      signInWithPassword({ email, password: `burst-${i}`, address: '198.51.100.30' }, at(0)),
    );
    const kinds = (await Promise.all(attempts)).map((r) => r.kind);
    expect(kinds.filter((k) => k === 'refused')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'throttled')).toHaveLength(26);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    // only the attempts whose password was checked are failures in the audit
    expect(await db.auditLog.count({ where: { action: 'auth.sign_in_failed', entityId: user.id } })).toBe(5);
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } })).failures).toBe(5);
  });

  it('a success gives the address its attempt back: sign-ins from one office never lock it', async () => {
    const address = '198.51.100.40';
    for (let i = 0; i < 25; i++) {
      const r = await signInWithPassword({ email: 'manager@acme.test', password: DEMO_PASSWORD, address }, at(i));
      expect(r.kind).toBe('ok');
    }
    expect((await db.loginThrottle.findUniqueOrThrow({ where: { key: `address:${address}` } })).failures).toBe(0);
  });

  it('the real next-auth authorize throws the retry time for the form once the account is locked', async () => {
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };
    };
    const authorize = provider.options.authorize;
    const req = { headers: { 'x-forwarded-for': '192.0.2.50' } };
    const creds = { email: 'Throttle@Acme.test', password: 'wrong-password' };
    for (let i = 0; i < 4; i++) expect(await authorize(creds, req)).toBeNull();
    await expect(authorize(creds, req)).rejects.toThrow(/^TooManyAttempts:5$/);
    await expect(authorize({ ...creds, password: DEMO_PASSWORD }, req)).rejects.toThrow(/^TooManyAttempts:[1-5]$/);
    // the email is normalised before it keys the throttle; the address is the one the proxy appended
    const keys = (
      await db.loginThrottle.findMany({ where: { key: { in: ['account:throttle@acme.test', 'address:192.0.2.50'] } } })
    ).map((r) => [r.key, r.failures]);
    expect(keys.sort()).toEqual([
      ['account:throttle@acme.test', 5],
      ['address:192.0.2.50', 5],
    ]);
  });
});

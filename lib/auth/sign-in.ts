import 'server-only';
import { writeAudit } from '../audit/write-audit';
import { db } from '../db';
import { log } from '../log';
import { authenticateUser } from './authenticate-user';
import { releaseAttempt, reserveAttempt } from './login-throttle';

export type SignInOutcome =
  | { kind: 'ok'; user: NonNullable<Awaited<ReturnType<typeof authenticateUser>>> }
  | { kind: 'refused' }
  | { kind: 'throttled'; retryAfterS: number };

/**
 * Email + password sign-in behind the throttle (lib/auth/login-throttle.ts): a locked account or address is
 * refused before the password is checked; each attempt is counted before the check (so parallel attempts cannot
 * outrun the lock) and given back on success; a wrong password is audited in each organisation of the
 * account (email and address, never the password typed); the failure that starts a lock says so at once.
 */
export async function signInWithPassword(
  input: { email: string; password: string; address: string | null },
  now: Date = new Date(),
): Promise<SignInOutcome> {
  const keys = { email: input.email, address: input.address };
  const reservation = await reserveAttempt(keys, now);
  if (reservation.kind === 'locked') {
    log.info({ email: input.email, address: input.address, retryAfterS: reservation.retryAfterS }, 'sign-in throttled');
    return { kind: 'throttled', retryAfterS: reservation.retryAfterS };
  }
  const user = await authenticateUser(input.email, input.password);
  if (user) {
    await releaseAttempt(keys);
    return { kind: 'ok', user };
  }
  const { lockedForS } = reservation;
  await auditFailure(input.email, input.address, lockedForS);
  log.info({ email: input.email, address: input.address, lockedForS }, 'sign-in refused');
  return lockedForS > 0 ? { kind: 'throttled', retryAfterS: lockedForS } : { kind: 'refused' };
}

/** One `auth.sign_in_failed` row per organisation of the account; an unknown email has none (log only). */
async function auditFailure(email: string, address: string | null, lockedForS: number) {
  const account = await db.user.findUnique({
    where: { email },
    select: { id: true, memberships: { select: { organizationId: true } } },
  });
  for (const m of account?.memberships ?? []) {
    const anonymous = {
      orgId: m.organizationId,
      orgName: '',
      role: 'ANALYST' as const,
      userId: null,
      apiKeyId: null,
      actorLabel: 'sign-in form',
    };
    await writeAudit(db, anonymous, {
      action: 'auth.sign_in_failed',
      entityType: 'User',
      entityId: account?.id as string,
      diff: { email, address, lockedForS },
    });
  }
}

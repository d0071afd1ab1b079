import 'server-only';
import { db } from '../db';

/**
 * Sign-in throttling (issue 12 item 6), in PostgreSQL so that every app instance shares it. Failed sign-ins are
 * counted per account (the email typed, whether or not it exists) and per client address; after `freeFailures`
 * within `windowS` every further failure locks the key for `baseLockS · 2^(failures − freeFailures)` seconds, at
 * most `maxLockS`. A locked key is refused before the password is checked (and the refusal is not counted). Each
 * attempt is counted before its password is checked (reserveAttempt), so parallel attempts cannot outrun the lock;
 * a success clears the account's count and gives the address its attempt back.
 */
export interface ThrottleRule {
  freeFailures: number;
  baseLockS: number;
  maxLockS: number;
  /** a failure longer ago than this starts the count afresh */
  windowS: number;
}

export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, baseLockS: 5, maxLockS: 15 * 60, windowS: 60 * 60 };
/** an address (an office behind one NAT) gets more room than one account */
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, baseLockS: 5, maxLockS: 15 * 60, windowS: 60 * 60 };

export interface ThrottleKeys {
  email: string;
  address: string | null;
}

/** Seconds a key stays locked after its `failures`-th failure: 0 while free, then doubling up to the cap. */
export function lockSeconds(failures: number, rule: ThrottleRule): number {
  if (failures < rule.freeFailures) return 0;
  return Math.min(rule.maxLockS, rule.baseLockS * 2 ** Math.min(30, failures - rule.freeFailures));
}

function rows(keys: ThrottleKeys): { key: string; rule: ThrottleRule }[] {
  const out = [{ key: `account:${keys.email}`, rule: ACCOUNT_RULE }];
  if (keys.address) out.push({ key: `address:${keys.address}`, rule: ADDRESS_RULE });
  return out;
}

export type Reservation = { kind: 'locked'; retryAfterS: number } | { kind: 'reserved'; lockedForS: number };

/**
 * Before a password is checked: refuses while the account or the address is locked; otherwise counts this attempt
 * as a failure in advance (and sets the lock it would earn), in one transaction holding both keys' rows. Parallel
 * attempts therefore queue on the rows and each sees the ones before it: a burst gets exactly `freeFailures` tries
 * before the lock holds. A success then undoes the count (releaseAttempt). `lockedForS`: the lock if this fails.
 */
export async function reserveAttempt(keys: ThrottleKeys, now: Date): Promise<Reservation> {
  return db.$transaction(async (tx) => {
    const held = [];
    // rows locked in one order (account, then address) by every attempt: no deadlock between attempts
    for (const { key, rule } of rows(keys)) {
      await tx.$executeRaw`
        INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 0, ${now})
        ON CONFLICT ("key") DO NOTHING`;
      const [row] = await tx.$queryRaw<{ failures: number; lastFailureAt: Date; lockedUntil: Date | null }[]>`
        SELECT "failures", "lastFailureAt", "lockedUntil" FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE`;
      held.push({ key, rule, row });
    }
    const waitMs = Math.max(0, ...held.map(({ row }) => (row.lockedUntil?.getTime() ?? 0) - now.getTime()));
    if (waitMs > 0) return { kind: 'locked', retryAfterS: Math.ceil(waitMs / 1000) };
    let lockedForS = 0;
    for (const { key, rule, row } of held) {
      const fresh = row.lastFailureAt.getTime() < now.getTime() - rule.windowS * 1000;
      const failures = fresh ? 1 : row.failures + 1;
      const seconds = lockSeconds(failures, rule);
      const lockedUntil = seconds > 0 ? new Date(now.getTime() + seconds * 1000) : row.lockedUntil;
      await tx.loginThrottle.update({ where: { key }, data: { failures, lastFailureAt: now, lockedUntil } });
      lockedForS = Math.max(lockedForS, seconds);
    }
    return { kind: 'reserved', lockedForS };
  });
}

/**
 * After a successful sign-in: the account starts afresh; the address gives back the attempt counted in advance
 * (and the lock that attempt alone would have set). One valid account must not reset a spraying address.
 */
export async function releaseAttempt(keys: ThrottleKeys): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `account:${keys.email}` } });
  if (!keys.address) return;
  await db.$executeRaw`
    UPDATE "LoginThrottle" SET "failures" = GREATEST("failures" - 1, 0),
      "lockedUntil" = CASE WHEN "failures" - 1 < ${ADDRESS_RULE.freeFailures} THEN NULL ELSE "lockedUntil" END
    WHERE "key" = ${`address:${keys.address}`}`;
}

import 'server-only';
import { db } from '../db';

/**
 * Sign-in throttling (issue 12 item 6), in PostgreSQL so that every app instance shares it. Failed sign-ins are
 * counted per account (the email typed, whether or not it exists) and per client address; after `freeFailures`
 * within `windowS` every further failure locks the key for `baseLockS · 2^(failures − freeFailures)` seconds, at
 * most `maxLockS`. A locked key is refused before the password is checked (and the refusal is not counted). A
 * success clears the account's count, not the address's (one valid account must not reset a spraying address).
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

/** Whole seconds until a sign-in for these keys may be tried (0: now). */
export async function retryAfterSeconds(keys: ThrottleKeys, now: Date): Promise<number> {
  const locks = await db.loginThrottle.findMany({
    where: { key: { in: rows(keys).map((r) => r.key) }, lockedUntil: { gt: now } },
    select: { lockedUntil: true },
  });
  const ms = Math.max(0, ...locks.map((l) => (l.lockedUntil as Date).getTime() - now.getTime()));
  return Math.ceil(ms / 1000);
}

/** Counts one failed sign-in on each key (atomically, any instance); returns the seconds the account is now locked. */
export async function recordFailure(keys: ThrottleKeys, now: Date): Promise<{ lockedForS: number }> {
  let lockedForS = 0;
  for (const { key, rule } of rows(keys)) {
    const windowStart = new Date(now.getTime() - rule.windowS * 1000);
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 1, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."lastFailureAt" < ${windowStart} THEN 1
                          ELSE "LoginThrottle"."failures" + 1 END,
        "lastFailureAt" = ${now}
      RETURNING "failures"`;
    const seconds = lockSeconds(row.failures, rule);
    if (seconds > 0) {
      const until = new Date(now.getTime() + seconds * 1000);
      // concurrent failures on other instances may have set a later lock: keep the later one
      await db.$executeRaw`
        UPDATE "LoginThrottle" SET "lockedUntil" = GREATEST(COALESCE("lockedUntil", ${until}), ${until})
        WHERE "key" = ${key}`;
    }
    lockedForS = Math.max(lockedForS, seconds);
  }
  return { lockedForS };
}

/** After a successful sign-in: the account starts afresh. */
export async function clearAccount(email: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: `account:${email}` } });
}

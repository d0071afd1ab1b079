import 'server-only';
import { db } from '../db';
import { hashPassword, verifyPassword } from './password';

/** Checks email + password; returns the user and their first organisation, or null. Same work on a miss. */
let dummyHash: Promise<string> | undefined;

export async function authenticateUser(email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email },
    include: { memberships: { orderBy: { createdAt: 'asc' }, take: 1 } },
  });
  if (!user) {
    dummyHash ??= hashPassword('offerpilot-dummy');
    await verifyPassword(await dummyHash, password); // same cost whether or not the email exists
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  const membership = user.memberships[0];
  if (!membership) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    orgId: membership.organizationId,
    sessionVersion: user.sessionVersion,
  };
}

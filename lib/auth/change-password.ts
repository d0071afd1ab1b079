import 'server-only';
import { db } from '../db';
import { AppError } from '../http/errors';
import { hashPassword, verifyPassword } from './password';
import { endAllSessions } from './sessions';

export const MIN_PASSWORD_LENGTH = 10;

/** Sets a new password after checking the current one; every session of the user ends (sign in again). */
export async function changePassword(userId: string, currentPassword: string, newPassword: string) {
  if (newPassword.length < MIN_PASSWORD_LENGTH || newPassword.length > 200)
    throw new AppError('validation_failed', `The new password needs ${MIN_PASSWORD_LENGTH} to 200 characters`);
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) throw AppError.notFound('User');
  if (!(await verifyPassword(user.passwordHash, currentPassword)))
    throw new AppError('forbidden', 'The current password is not right');
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await endAllSessions(tx, userId);
  });
}

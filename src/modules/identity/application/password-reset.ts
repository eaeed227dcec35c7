import { uuidv7 } from 'uuidv7';
import { passwordProblems } from '../domain/password-policy.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { membershipsOfUser } from '../infrastructure/memberships.repository.js';
import { consumeUserToken, replaceUserToken } from '../infrastructure/user-tokens.repository.js';
import {
  findUserByEmailLookup,
  findUserById,
  markEmailVerified,
  updatePassword,
} from '../infrastructure/users.repository.js';
import { invalidLink } from './email-verification.js';
import type { IdentityServices } from './identity-services.js';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token.js';
import { hashPassword } from './password-hasher.js';
import { forgetPrincipal } from './principal-cache.js';

export const resetTtlSeconds = 60 * 60;

/** Emails a reset link if the account exists; the caller answers the same either way. */
export async function requestPasswordReset(
  services: IdentityServices,
  email: string,
): Promise<void> {
  const user = await findUserByEmailLookup(services.runtime.db, services.emailLookup(email));
  if (!user) return;
  const { token, hash } = newOneTimeToken();
  await replaceUserToken(services.runtime.db, {
    id: uuidv7(),
    userId: user.id,
    purpose: 'reset_password',
    tokenHash: hash,
    expiresAt: new Date(Date.now() + resetTtlSeconds * 1000).toISOString(),
  });
  const link = `${services.runtime.config.publicUrl}/reset-password?token=${token}`;
  await services.mailer.send({
    to: services.crypto.decrypt(user.emailCiphertext),
    subject: 'Reset your PromptSales password',
    text:
      `Hello ${user.name},\n\nSet a new password with this link (valid 1 hour, usable once):\n${link}\n\n` +
      `Reset code: ${token}\n\nIf you did not ask for this, ignore this message: your password is unchanged.`,
  });
}

/**
 * Sets a new password from a reset token (single use) and makes the authenticator re-check the
 * user's memberships at once. The reset starts new sign-in failure counts (`sessionsRevokedAt` is
 * the throttle's password epoch), so it also lifts a throttle on the owner's own network.
 */
export async function resetPassword(
  services: IdentityServices,
  input: { token: string; password: string },
): Promise<void> {
  const { runtime, crypto } = services;
  const tokenHash = hashOneTimeToken(input.token);
  // Check the strength before consuming the token, so a rejected password does not waste it.
  const user = await runtime.db.transaction(async (tx) => {
    const userId = await consumeUserToken(tx, 'reset_password', tokenHash);
    if (!userId) throw invalidLink();
    const found = await findUserById(tx, userId);
    if (!found) throw invalidLink();
    const problems = passwordProblems(input.password, crypto.decrypt(found.emailCiphertext));
    if (problems.length > 0) {
      // Throwing rolls the consumption back: the link still works for a better password.
      throw AppError.validation(
        `The password is too weak: ${problems.map((p) => p.message).join('; ')}`,
        problems,
      );
    }
    return found;
  });
  await updatePassword(runtime.db, user.id, await hashPassword(input.password));
  // The mailbox was reachable: that proves the address too.
  await markEmailVerified(runtime.db, user.id);
  for (const membership of await membershipsOfUser(runtime.db, user.id)) {
    await forgetPrincipal(runtime, { orgId: membership.orgId, userId: user.id });
  }
}

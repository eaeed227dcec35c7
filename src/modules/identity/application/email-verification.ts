import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { consumeUserToken, replaceUserToken } from '../infrastructure/user-tokens.repository.js';
import { findUserById, markEmailVerified } from '../infrastructure/users.repository.js';
import type { IdentityServices } from './identity-services.js';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token.js';

export const verificationTtlSeconds = 24 * 60 * 60;

export const invalidLink = () =>
  new AppError(
    'bad_request',
    'This link is invalid, has expired or was already used; ask for a new one',
    {
      fields: [{ field: 'body.token', message: 'is invalid, expired or already used' }],
    },
  );

export async function sendVerificationEmail(
  services: IdentityServices,
  user: { userId: string; email: string; name: string },
): Promise<void> {
  const { token, hash } = newOneTimeToken();
  await replaceUserToken(services.runtime.db, {
    id: uuidv7(),
    userId: user.userId,
    purpose: 'verify_email',
    tokenHash: hash,
    expiresAt: new Date(Date.now() + verificationTtlSeconds * 1000).toISOString(),
  });
  const link = `${services.runtime.config.publicUrl}/verify-email?token=${token}`;
  await services.mailer.send({
    to: user.email,
    subject: 'Confirm your email address for PromptSales',
    text:
      `Hello ${user.name},\n\nConfirm your email address by opening this link (valid 24 hours):\n${link}\n\n` +
      `Verification code: ${token}\n\nIf you did not sign up for PromptSales, ignore this message.`,
  });
}

/** Sends a fresh link to a signed-in user whose email is not yet confirmed. */
export async function resendVerificationEmail(services: IdentityServices, userId: string) {
  const user = await findUserById(services.runtime.db, userId);
  if (!user) throw AppError.notFound('User');
  if (user.emailVerifiedAt) return { alreadyVerified: true };
  await sendVerificationEmail(services, {
    userId,
    email: services.crypto.decrypt(user.emailCiphertext),
    name: user.name,
  });
  return { alreadyVerified: false };
}

export async function verifyEmail(services: IdentityServices, token: string): Promise<string> {
  const userId = await consumeUserToken(
    services.runtime.db,
    'verify_email',
    hashOneTimeToken(token),
  );
  if (!userId) throw invalidLink();
  await markEmailVerified(services.runtime.db, userId);
  return userId;
}

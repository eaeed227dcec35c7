import { AppError } from '../../../platform/errors/app-error.js';
import { membershipsOfUser } from '../infrastructure/memberships.repository.js';
import { findUserByEmailLookup } from '../infrastructure/users.repository.js';
import type { IdentityServices } from './identity-services.js';
import {
  assertLoginAllowed,
  recordLoginFailure,
  recordLoginSuccess,
  type LoginAttempt,
} from './login-throttle.js';
import { verifyAgainstDummy, verifyPassword } from './password-hasher.js';

export interface LogInInput {
  email: string;
  password: string;
  /** The client's address (as trusted through TRUSTED_PROXIES): failures are counted per network. */
  ip: string;
  organizationId?: string;
}

export interface LoggedIn {
  userId: string;
  orgId: string;
  role: string;
}

/** The same answer for an unknown email and a wrong password: nothing tells which it was. */
const badCredentials = () => new AppError('unauthenticated', 'Email or password is incorrect');

/**
 * Checks the password behind the sign-in throttle (see login-throttle.ts). Unknown emails take
 * the same steps and cost the same argon2 time, so the answers do not reveal who has an account.
 */
export async function logIn(services: IdentityServices, input: LogInInput): Promise<LoggedIn> {
  const { runtime } = services;
  const now = new Date();
  const emailLookup = services.emailLookup(input.email);
  const user = await findUserByEmailLookup(runtime.db, emailLookup);
  const attempt: LoginAttempt = {
    ip: input.ip,
    emailLookup,
    passwordEpoch: user?.sessionsRevokedAt ?? '',
  };
  await assertLoginAllowed(runtime, attempt, now);
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !valid) {
    await recordLoginFailure(runtime, attempt, now);
    throw badCredentials();
  }
  await recordLoginSuccess(runtime, attempt);

  const memberships = await membershipsOfUser(runtime.db, user.id);
  const membership = input.organizationId
    ? memberships.find((m) => m.orgId === input.organizationId)
    : memberships[0];
  if (!membership) {
    throw new AppError(
      'forbidden',
      input.organizationId
        ? 'You are not a member of this organisation'
        : 'You are not a member of any organisation; ask for an invitation',
    );
  }
  return { userId: user.id, orgId: membership.orgId, role: membership.role };
}

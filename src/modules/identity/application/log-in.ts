import { AppError } from '../../../platform/errors/app-error.js';
import {
  afterFailure,
  lockRemainingSeconds,
  lockSecondsAfter,
  maxLockSeconds,
  type LockoutPolicy,
  type LoginFailureState,
} from '../domain/login-lockout.js';
import { membershipsOfUser } from '../infrastructure/memberships.repository.js';
import {
  clearLoginFailures,
  findUserByEmailLookup,
  incrementLoginFailures,
  lockUser,
} from '../infrastructure/users.repository.js';
import type { IdentityServices } from './identity-services.js';
import { verifyAgainstDummy, verifyPassword } from './password-hasher.js';

export interface LogInInput {
  email: string;
  password: string;
  organizationId?: string;
}

export interface LoggedIn {
  userId: string;
  orgId: string;
  role: string;
}

/** The same answer for an unknown email and a wrong password: nothing tells which it was. */
const badCredentials = () => new AppError('unauthenticated', 'Email or password is incorrect');

const locked = (seconds: number) =>
  new AppError(
    'rate_limited',
    `Too many failed sign-in attempts; try again in ${Math.ceil(seconds)} seconds`,
    { retryAfterSeconds: seconds },
  );

export function lockoutPolicy(services: IdentityServices): LockoutPolicy {
  const { loginLockoutThreshold, loginLockoutBaseSeconds } = services.runtime.config;
  return {
    threshold: loginLockoutThreshold,
    baseSeconds: loginLockoutBaseSeconds,
    maxSeconds: maxLockSeconds,
  };
}

/**
 * Checks the password with back-off: after `threshold` consecutive failures the account locks,
 * each further failure doubling the lock (up to an hour). Unknown emails are throttled the same
 * way (in the cache) and cost the same argon2 time, so lockouts do not reveal who has an account.
 */
export async function logIn(services: IdentityServices, input: LogInInput): Promise<LoggedIn> {
  const { runtime } = services;
  const policy = lockoutPolicy(services);
  const now = new Date();
  const lookup = services.emailLookup(input.email);
  const user = await findUserByEmailLookup(runtime.db, lookup);

  if (!user) {
    const key = `login-fail:${lookup}`;
    const state = (await runtime.cache.get<LoginFailureState>(key)) ?? {
      failures: 0,
      lockedUntil: null,
    };
    const remaining = lockRemainingSeconds(state, now);
    if (remaining > 0) throw locked(remaining);
    await verifyAgainstDummy(input.password);
    await runtime.cache.set(key, afterFailure(state, now, policy), 24 * 60 * 60);
    throw badCredentials();
  }

  const remaining = lockRemainingSeconds(
    { failures: user.failedLogins, lockedUntil: user.lockedUntil },
    now,
  );
  if (remaining > 0) throw locked(remaining);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failures = await incrementLoginFailures(runtime.db, user.id);
    const seconds = lockSecondsAfter(failures, policy);
    if (seconds > 0)
      await lockUser(runtime.db, user.id, new Date(now.getTime() + seconds * 1000).toISOString());
    throw badCredentials();
  }
  await clearLoginFailures(runtime.db, user.id);

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

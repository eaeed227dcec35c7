import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { clientNetworkOf } from '../domain/client-network.js';
import {
  lockRemainingSeconds,
  lockSecondsAfter,
  maxLockSeconds,
  type LockoutPolicy,
} from '../domain/login-lockout.js';

/** One sign-in attempt as the throttle sees it. */
export interface LoginAttempt {
  ip: string;
  emailLookup: string;
  /**
   * Changes when the password is reset (empty for unknown emails and accounts never reset): a
   * reset starts the account's counts afresh, which lifts the throttle of its owner's own network.
   */
  passwordEpoch: string;
}

interface Lock {
  lockedUntil: string;
}

const pairWindowSeconds = 24 * 60 * 60;
const networkWindowSeconds = 60 * 60;

const keysOf = (attempt: LoginAttempt) => {
  const network = clientNetworkOf(attempt.ip);
  const pair = `${network}:${attempt.emailLookup}:${attempt.passwordEpoch}`;
  return {
    pairFailures: `login-fail:${pair}`,
    pairLock: `login-lock:${pair}`,
    networkFailures: `login-net-fail:${network}`,
    networkLock: `login-net-lock:${network}`,
  };
};

function policyOf(runtime: Runtime): LockoutPolicy {
  const { loginLockoutThreshold, loginLockoutBaseSeconds } = runtime.config;
  return {
    threshold: loginLockoutThreshold,
    baseSeconds: loginLockoutBaseSeconds,
    maxSeconds: maxLockSeconds,
  };
}

const throttled = (seconds: number, scope: string) =>
  new AppError(
    'rate_limited',
    `Too many failed sign-in attempts${scope}; try again in ${Math.ceil(seconds)} seconds`,
    { retryAfterSeconds: seconds },
  );

/**
 * Sign-in throttling after OWASP ASVS 2.2: failures are counted per (client network, account), so
 * a stranger's guesses slow down the stranger and never lock the owner out from elsewhere, and per
 * client network across all accounts, so one address cannot spray a password over many accounts.
 * Nothing locks an account globally. Known and unknown emails go through the same steps.
 */
export async function assertLoginAllowed(
  runtime: Runtime,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  const keys = keysOf(attempt);
  const [network, pair] = await Promise.all([
    runtime.cache.get<Lock>(keys.networkLock),
    runtime.cache.get<Lock>(keys.pairLock),
  ]);
  const networkRemaining = lockRemainingSeconds(network?.lockedUntil, now);
  if (networkRemaining > 0) throw throttled(networkRemaining, ' from your network');
  const pairRemaining = lockRemainingSeconds(pair?.lockedUntil, now);
  if (pairRemaining > 0) throw throttled(pairRemaining, '');
}

/** Counts a failure (atomically: parallel guesses all count) and throttles when over a limit. */
export async function recordLoginFailure(
  runtime: Runtime,
  attempt: LoginAttempt,
  now: Date,
): Promise<void> {
  const keys = keysOf(attempt);
  const [pair, network] = await Promise.all([
    runtime.cache.increment(keys.pairFailures, pairWindowSeconds),
    runtime.cache.increment(keys.networkFailures, networkWindowSeconds),
  ]);
  const lock = (key: string, seconds: number) =>
    runtime.cache.set<Lock>(
      key,
      { lockedUntil: new Date(now.getTime() + seconds * 1000).toISOString() },
      Math.ceil(seconds),
    );
  const pairSeconds = lockSecondsAfter(pair.count, policyOf(runtime));
  if (pairSeconds > 0) await lock(keys.pairLock, pairSeconds);
  // The network's hour runs from its first failure; it stays throttled until that hour ends.
  if (network.count >= runtime.config.loginFailuresPerIpPerHour)
    await lock(keys.networkLock, network.ttlSeconds);
}

/** A correct password from this network clears the pair's count (not the network's). */
export async function recordLoginSuccess(runtime: Runtime, attempt: LoginAttempt): Promise<void> {
  const keys = keysOf(attempt);
  await runtime.cache.delete(keys.pairFailures, keys.pairLock);
}

import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';

/**
 * A stricter limit than the global one for credential endpoints (login, sign-up, reset), per IP
 * and email together: slows password spraying from one address without letting an attacker lock
 * a victim out from everywhere.
 */
export async function checkAuthAttemptLimit(
  runtime: Runtime,
  action: 'login' | 'signup' | 'reset' | 'accept',
  ip: string,
  emailLookup: string,
): Promise<void> {
  const max = runtime.config.authRateLimitPerMinute;
  const { count, ttlSeconds } = await runtime.cache.increment(
    `auth-rl:${action}:${ip}:${emailLookup}`,
    60,
  );
  if (count > max) {
    throw new AppError(
      'rate_limited',
      `Too many attempts (${max} per minute); retry in ${ttlSeconds} seconds`,
      { retryAfterSeconds: ttlSeconds },
    );
  }
}

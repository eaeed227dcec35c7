/** How repeated failed logins are slowed down: lock after `threshold` failures, doubling. */
export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export const maxLockSeconds = 60 * 60;

export interface LoginFailureState {
  failures: number;
  /** ISO instant until which every attempt (even a correct one) is refused; null when open. */
  lockedUntil: string | null;
}

/** Seconds the account stays locked after its `failures`-th consecutive failure (0: not locked). */
export function lockSecondsAfter(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds);
}

export function afterFailure(
  state: LoginFailureState,
  now: Date,
  policy: LockoutPolicy,
): LoginFailureState {
  const failures = state.failures + 1;
  const seconds = lockSecondsAfter(failures, policy);
  return {
    failures,
    lockedUntil: seconds > 0 ? new Date(now.getTime() + seconds * 1000).toISOString() : null,
  };
}

/** Seconds left on the lock, or 0 when attempts are allowed. */
export function lockRemainingSeconds(state: LoginFailureState, now: Date): number {
  if (!state.lockedUntil) return 0;
  const ms = new Date(state.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? ms / 1000 : 0;
}

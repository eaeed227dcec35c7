/**
 * How repeated failed logins from one client network for one account are slowed down: throttle
 * after `threshold` failures, doubling with each further failure.
 */
export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export const maxLockSeconds = 60 * 60;

/** Seconds the pair stays throttled after its `failures`-th consecutive failure (0: open). */
export function lockSecondsAfter(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  const doublings = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds);
}

/** Seconds left until `lockedUntil` (an ISO instant), or 0 when attempts are allowed. */
export function lockRemainingSeconds(lockedUntil: string | undefined, now: Date): number {
  if (!lockedUntil) return 0;
  const ms = new Date(lockedUntil).getTime() - now.getTime();
  return ms > 0 ? ms / 1000 : 0;
}

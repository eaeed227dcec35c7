import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  lockRemainingSeconds,
  lockSecondsAfter,
  maxLockSeconds,
} from './login-lockout.js';

const policy = { threshold: 5, baseSeconds: 60, maxSeconds: maxLockSeconds };

describe('login lockout', () => {
  it('does not lock before the threshold, then doubles up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => lockSecondsAfter(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11].map((n) => lockSecondsAfter(n, policy))).toEqual([
      60, 120, 240, 480, 960, 1920, 3600,
    ]);
    expect(lockSecondsAfter(1000, policy)).toBe(3600);
  });

  it('tracks failures and the lock end from a clock', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    let state = { failures: 0, lockedUntil: null as string | null };
    for (let i = 0; i < 5; i += 1) state = afterFailure(state, now, policy);
    expect(state).toEqual({ failures: 5, lockedUntil: '2026-01-01T00:01:00.000Z' });
    expect(lockRemainingSeconds(state, new Date('2026-01-01T00:00:30Z'))).toBe(30);
    expect(lockRemainingSeconds(state, new Date('2026-01-01T00:01:00Z'))).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { lockRemainingSeconds, lockSecondsAfter, maxLockSeconds } from './login-lockout.js';

const policy = { threshold: 5, baseSeconds: 60, maxSeconds: maxLockSeconds };

describe('login lockout', () => {
  it('does not lock before the threshold, then doubles up to an hour', () => {
    expect([1, 2, 3, 4].map((n) => lockSecondsAfter(n, policy))).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 11].map((n) => lockSecondsAfter(n, policy))).toEqual([
      60, 120, 240, 480, 960, 1920, 3600,
    ]);
    expect(lockSecondsAfter(1000, policy)).toBe(3600);
  });

  it('counts the lock down from a clock', () => {
    const until = '2026-01-01T00:01:00.000Z';
    expect(lockRemainingSeconds(until, new Date('2026-01-01T00:00:30Z'))).toBe(30);
    expect(lockRemainingSeconds(until, new Date('2026-01-01T00:01:00Z'))).toBe(0);
    expect(lockRemainingSeconds(undefined, new Date())).toBe(0);
  });
});

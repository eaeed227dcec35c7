import { describe, expect, it } from 'vitest';
import { RetryAfterBackoff, maxRetryAfterMs, retryAfterMs } from './retry-after-backoff.js';

/** A failure as cockatiel hands it to the backoff. */
class Limited extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('limited');
  }
}

const failed = (error: Error) => ({
  attempt: 1,
  signal: new AbortController().signal,
  result: { error },
});

describe('RetryAfterBackoff', () => {
  it('waits what Retry-After asks when it is longer than the exponential delay', () => {
    const backoff = new RetryAfterBackoff(100, 0, () => 0.5);
    expect(backoff.next(failed(new Limited(2_000))).duration).toBe(2_000);
    const first = backoff.next(failed(new Error('x')));
    expect(first.duration).toBe(75);
    expect(first.next(failed(new Error('x'))).duration).toBe(150);
    expect(backoff.next(failed(new Limited(10 * maxRetryAfterMs))).duration).toBe(maxRetryAfterMs);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(retryAfterMs('Mon, 07 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
  });
});

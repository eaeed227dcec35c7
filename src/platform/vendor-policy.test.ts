import { describe, expect, it } from 'vitest';
import { VendorPolicies, retryDelayMs } from './vendor-policy.js';

class Limited extends Error {
  constructor(readonly retryAfterMs?: number) {
    super('limited');
  }
}

const policies = () =>
  new VendorPolicies({
    vendor: 'Acme',
    retryBaseMs: 1,
    isTransient: (error) => error instanceof Limited,
    retryAfterMs: (error) => (error instanceof Limited ? error.retryAfterMs : undefined),
    circuitOpen: (message) => new Error(`open: ${message}`),
  });

describe('vendor retry and circuit policy', () => {
  it('waits what the vendor asks when longer than the jittered exponential delay, capped', () => {
    const delay = (attempt: number, askedMs?: number) =>
      retryDelayMs({ attempt, baseMs: 100, askedMs, maxDelayMs: 60_000, random: () => 0.5 });
    expect(delay(1)).toBe(75);
    expect(delay(2)).toBe(150);
    expect(delay(1, 2_000)).toBe(2_000);
    expect(delay(1, 10 * 60_000)).toBe(60_000);
  });

  it('retries a transient failure up to three times, and never a permanent one', async () => {
    let calls = 0;
    await expect(
      policies().execute('account-1', async () => {
        calls += 1;
        if (calls < 3) throw new Limited(1);
        return 'done';
      }),
    ).resolves.toBe('done');
    expect(calls).toBe(3);

    let permanent = 0;
    await expect(
      policies().execute('account-1', async () => {
        permanent += 1;
        throw new Error('bad request');
      }),
    ).rejects.toThrow('bad request');
    expect(permanent).toBe(1);
  });

  it('stops calling one account after five consecutive transient failures, not the others', async () => {
    const shared = policies();
    let calls = 0;
    const failing = () =>
      shared.execute('account-1', async () => {
        calls += 1;
        throw new Limited(1);
      });
    // The first call and its three retries.
    await expect(failing()).rejects.toThrow('limited');
    expect(calls).toBe(4);
    // The fifth consecutive failure opens the circuit in the middle of the second call's retries.
    await expect(failing()).rejects.toThrow(/^open: Acme calls for this account are paused/);
    expect(calls).toBe(5);
    await expect(failing()).rejects.toThrow(/^open: /);
    expect(calls).toBe(5);
    await expect(shared.execute('account-2', async () => 'fine')).resolves.toBe('fine');
  });
});

import { describe, expect, it } from 'vitest';
import { waitForDatabase } from './wait-for-database.js';

/** A database that refuses the first `refusals` pings. */
function database(refusals: number) {
  let pings = 0;
  return {
    pings: () => pings,
    async ping() {
      pings += 1;
      if (pings <= refusals) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
  };
}

describe('waitForDatabase', () => {
  it('returns at once when the database answers', async () => {
    const db = database(0);
    await waitForDatabase(db, { timeoutMs: 1_000 });
    expect(db.pings()).toBe(1);
  });

  it('pings again, pausing longer each time, until the database answers', async () => {
    const db = database(3);
    const started = Date.now();
    await waitForDatabase(db, { timeoutMs: 5_000 });
    expect(db.pings()).toBe(4);
    // 100 + 200 + 400 ms of pauses.
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
  });

  it('gives up after the timeout without throwing', async () => {
    const db = database(Number.POSITIVE_INFINITY);
    const started = Date.now();
    await waitForDatabase(db, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(db.pings()).toBeGreaterThanOrEqual(2);
  });

  it('stops waiting when the job is aborted', async () => {
    const db = database(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await waitForDatabase(db, { timeoutMs: 10_000, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

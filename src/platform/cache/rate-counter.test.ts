import { describe, expect, it } from 'vitest';
import { MemoryCache } from './memory-cache.js';
import { RateCounter } from './rate-counter.js';

describe('RateCounter', () => {
  it('answers from local state and adds the hits to the shared counter in one increment', async () => {
    const shared = new MemoryCache();
    const counter = new RateCounter(shared, 60_000);
    for (let i = 1; i <= 5; i += 1) expect(counter.hit('ip:1', 60).count).toBe(i);
    expect((await shared.increment('ip:1', 60, 0)).count).toBe(0);
    await counter.flush();
    expect((await shared.increment('ip:1', 60, 0)).count).toBe(5);
  });

  it("counts other processes' hits after a flush", async () => {
    const shared = new MemoryCache();
    const replicaA = new RateCounter(shared, 60_000);
    const replicaB = new RateCounter(shared, 60_000);
    for (let i = 0; i < 3; i += 1) replicaA.hit('user:7', 60);
    await replicaA.flush();
    for (let i = 0; i < 4; i += 1) replicaB.hit('user:7', 60);
    await replicaB.flush();
    // B learned A's hits when it flushed its own; A learns B's at its next flush.
    expect(replicaB.hit('user:7', 60).count).toBe(8);
    expect(replicaA.hit('user:7', 60).count).toBe(4);
    await replicaA.flush();
    expect(replicaA.hit('user:7', 60).count).toBe(9);
  });

  it('keeps counting the hits whose increment is still under way', async () => {
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    /** A shared counter whose increment answers only when told to, as a slow Redis would. */
    class SlowCache extends MemoryCache {
      override async increment(key: string, windowSeconds: number, by?: number) {
        await answered;
        return super.increment(key, windowSeconds, by);
      }
    }
    const shared = new SlowCache();
    const counter = new RateCounter(shared, 60_000);
    for (let i = 0; i < 5; i += 1) counter.hit('user:9', 60);
    const flushing = counter.flush();
    await new Promise((resolve) => setImmediate(resolve));
    // The five hits are on their way to the shared counter: they still count here.
    expect(counter.hit('user:9', 60).count).toBe(6);
    answer();
    await flushing;
    expect(counter.hit('user:9', 60).count).toBe(7);
    await counter.flush();
    expect((await shared.increment('user:9', 60, 0)).count).toBe(7);
  });

  it('starts a new window when the old one ends', async () => {
    let now = 0;
    const counter = new RateCounter(
      new MemoryCache(undefined, undefined, () => now),
      60_000,
      () => now,
    );
    counter.hit('k', 10);
    counter.hit('k', 10);
    now = 10_001;
    expect(counter.hit('k', 10)).toEqual({ count: 1, ttlSeconds: 10 });
  });

  it('flushes on its own after the interval', async () => {
    const shared = new MemoryCache();
    const counter = new RateCounter(shared, 10);
    counter.hit('k', 60);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect((await shared.increment('k', 60, 0)).count).toBe(1);
    await counter.close();
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryCache, type CacheObserver } from './memory-cache.js';

function setup(maxEntries = 100) {
  let now = 1_000_000;
  const lookups: string[] = [];
  const observer: CacheObserver = {
    onLookup: (outcome, backend) => lookups.push(`${backend}:${outcome}`),
  };
  const cache = new MemoryCache(observer, maxEntries, () => now);
  return {
    cache,
    lookups,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('MemoryCache', () => {
  it('returns a value until its ttl has passed, then misses', async () => {
    const { cache, advance } = setup();
    await cache.set('campaign:1', { name: 'Spring', budget: 5000 }, 10);
    advance(10_000);
    expect(await cache.get('campaign:1')).toEqual({ name: 'Spring', budget: 5000 });
    advance(1);
    expect(await cache.get('campaign:1')).toBeUndefined();
  });

  it('keeps each key to its own ttl and forgets deleted keys', async () => {
    const { cache, advance } = setup();
    await cache.set('short', 1, 1);
    await cache.set('long', 2, 60);
    await cache.set('gone', 3, 60);
    await cache.delete('gone');
    advance(1_500);
    expect(await cache.get('short')).toBeUndefined();
    expect(await cache.get('long')).toBe(2);
    expect(await cache.get('gone')).toBeUndefined();
  });

  it('never keeps a value forever when given a zero ttl', async () => {
    const { cache, advance } = setup();
    await cache.set('zero', 'x', 0);
    advance(2);
    expect(await cache.get('zero')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity', async () => {
    const { cache } = setup(2);
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.get('a');
    await cache.set('c', 3, 60);
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('c')).toBe(3);
  });

  it('counts within a window and starts a new window once it has passed', async () => {
    const { cache, advance } = setup();
    expect(await cache.increment('rl:ip:1', 60)).toEqual({ count: 1, ttlSeconds: 60 });
    advance(20_000);
    expect(await cache.increment('rl:ip:1', 60)).toEqual({ count: 2, ttlSeconds: 40 });
    expect(await cache.increment('rl:ip:2', 60)).toEqual({ count: 1, ttlSeconds: 60 });
    advance(40_000);
    expect(await cache.increment('rl:ip:1', 60)).toEqual({ count: 1, ttlSeconds: 60 });
    expect(await cache.increment('rl:ip:2', 60)).toEqual({ count: 2, ttlSeconds: 20 });
  });

  it('sets a key only when absent, and again once the first one expired', async () => {
    const { cache, advance } = setup();
    expect(await cache.setIfAbsent('idem:k', { state: 'pending' }, 5)).toBe(true);
    expect(await cache.setIfAbsent('idem:k', { state: 'other' }, 5)).toBe(false);
    expect(await cache.get('idem:k')).toEqual({ state: 'pending' });
    advance(5_001);
    expect(await cache.setIfAbsent('idem:k', { state: 'second' }, 5)).toBe(true);
    expect(await cache.get('idem:k')).toEqual({ state: 'second' });
  });

  it('loads once, serves the cached value until the ttl, then loads again', async () => {
    const { cache, advance, lookups } = setup();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { rows: loads };
    };
    expect(await cache.getOrLoad('count', 30, load)).toEqual({ rows: 1 });
    expect(await cache.getOrLoad('count', 30, load)).toEqual({ rows: 1 });
    advance(30_001);
    expect(await cache.getOrLoad('count', 30, load)).toEqual({ rows: 2 });
    expect(loads).toBe(2);
    expect(lookups).toEqual(['memory:miss', 'memory:hit', 'memory:miss']);
  });

  it('shares one load among concurrent callers of a cold key', async () => {
    const { cache } = setup();
    let loads = 0;
    let release: (value: number) => void = () => undefined;
    const load = () => {
      loads += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const waiting = Promise.all([1, 2, 3].map(() => cache.getOrLoad('cold', 30, load)));
    await new Promise((resolve) => setImmediate(resolve));
    release(42);
    expect(await waiting).toEqual([42, 42, 42]);
    expect(loads).toBe(1);
  });

  it('does not cache a failed load, so the next caller retries', async () => {
    const { cache } = setup();
    await expect(
      cache.getOrLoad('flaky', 30, async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await cache.getOrLoad('flaky', 30, async () => 'ok')).toBe('ok');
  });
});

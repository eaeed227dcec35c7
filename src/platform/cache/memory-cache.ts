import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';
import { SingleFlight } from './single-flight.js';

interface Entry {
  value: unknown;
}

interface Counter {
  count: number;
  expiresAt: number;
}

export interface CacheObserver {
  /** `near`: answered by the Redis cache's in-process copy (`getOrLoad` with `nearMs`). */
  onLookup(outcome: 'hit' | 'miss', backend: 'redis' | 'memory' | 'near'): void;
}

/** Seconds to whole milliseconds, at least 1: an LRU ttl of 0 would mean "never expires". */
export function ttlMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

/** In-process LRU: the embedded mode's cache, and Redis's fallback while Redis is down. */
export class MemoryCache implements Cache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly counters = new Map<string, Counter>();
  private readonly loads = new SingleFlight();

  /** `clock` (milliseconds, monotonic) is injectable so tests can move time without sleeping. */
  constructor(
    private readonly observer: CacheObserver = { onLookup: () => undefined },
    maxEntries = 50_000,
    private readonly clock?: () => number,
  ) {
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      ttlAutopurge: false,
      // lru-cache reuses its time reading for 1 ms; an injected clock must be read every time.
      ...(clock ? { perf: { now: clock }, ttlResolution: 0 } : {}),
    });
  }

  private now(): number {
    return this.clock ? this.clock() : performance.now();
  }

  backend(): 'memory' {
    return 'memory';
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    this.observer.onLookup(entry ? 'hit' : 'miss', 'memory');
    return entry?.value as T | undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { value }, { ttl: ttlMs(ttlSeconds) });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.entries.delete(key);
      this.counters.delete(key);
    }
  }

  async setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean> {
    if (this.entries.has(key)) return false;
    this.entries.set(key, { value }, { ttl: ttlMs(ttlSeconds) });
    return true;
  }

  async increment(key: string, windowSeconds: number, by = 1) {
    const now = this.now();
    let counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      if (this.counters.size > 100_000) this.sweepCounters(now);
      counter = { count: 0, expiresAt: now + ttlMs(windowSeconds) };
      this.counters.set(key, counter);
    }
    counter.count += by;
    return { count: counter.count, ttlSeconds: Math.ceil((counter.expiresAt - now) / 1000) };
  }

  async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    return this.loads.run(key, async () => {
      const value = await load();
      // `undefined` means "not cached" to get(); storing it would only cost memory.
      if (value !== undefined) await this.set(key, value, ttlSeconds);
      return value;
    });
  }

  async ping() {
    return true;
  }

  /** Drops every entry and counter (the Redis cache does this when Redis returns). */
  clear(): void {
    this.entries.clear();
    this.counters.clear();
  }

  async close() {
    this.clear();
  }

  private sweepCounters(now: number) {
    for (const [key, counter] of this.counters)
      if (counter.expiresAt <= now) this.counters.delete(key);
  }
}

import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.js';

interface Entry {
  value: unknown;
}

interface Counter {
  count: number;
  expiresAt: number;
}

export interface CacheObserver {
  onLookup(outcome: 'hit' | 'miss', backend: 'redis' | 'memory'): void;
}

/** In-process LRU: the embedded mode's cache, and Redis's fallback while Redis is down. */
export class MemoryCache implements Cache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly observer: CacheObserver = { onLookup: () => undefined },
    maxEntries = 50_000,
  ) {
    this.entries = new LRUCache<string, Entry>({ max: maxEntries, ttlAutopurge: false });
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
    this.entries.set(key, { value }, { ttl: ttlSeconds * 1000 });
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.entries.delete(key);
      this.counters.delete(key);
    }
  }

  async setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean> {
    if (this.entries.has(key)) return false;
    this.entries.set(key, { value }, { ttl: ttlSeconds * 1000 });
    return true;
  }

  async increment(key: string, windowSeconds: number) {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      if (this.counters.size > 100_000) this.sweepCounters(now);
      counter = { count: 0, expiresAt: now + windowSeconds * 1000 };
      this.counters.set(key, counter);
    }
    counter.count += 1;
    return { count: counter.count, ttlSeconds: Math.ceil((counter.expiresAt - now) / 1000) };
  }

  async getOrLoad<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    const value = await load();
    await this.set(key, value, ttlSeconds);
    return value;
  }

  async ping() {
    return true;
  }

  async close() {
    this.entries.clear();
    this.counters.clear();
  }

  private sweepCounters(now: number) {
    for (const [key, counter] of this.counters)
      if (counter.expiresAt <= now) this.counters.delete(key);
  }
}

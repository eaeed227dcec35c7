/**
 * The one cache interface. Redis in production, an in-process LRU in embedded mode; when Redis
 * is down, the Redis implementation degrades to its local LRU instead of failing requests.
 */
export interface Cache {
  /** Which store answers right now: `memory` also while Redis is unreachable. */
  backend(): 'redis' | 'memory';
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  /** Sets the key only if it does not exist yet; true when this call set it. */
  setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean>;
  /** Atomically adds `by` (default 1) to a counter that expires `windowSeconds` after it starts. */
  increment(
    key: string,
    windowSeconds: number,
    by?: number,
  ): Promise<{ count: number; ttlSeconds: number }>;
  /**
   * Read-through: the cached value, or `load()`'s result cached for `ttlSeconds`. With `nearMs`,
   * a value read from a shared cache (Redis) is also kept in this process for that long, so hot
   * keys cost no round trip; `delete` on this process drops it at once, other processes see a
   * change when their near copy expires. Callers must not mutate what they get.
   */
  getOrLoad<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
    options?: GetOrLoadOptions,
  ): Promise<T>;
  /** Healthy unless a configured Redis is unreachable. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface GetOrLoadOptions {
  /** How long this process may answer from its own copy (ms); the staleness other replicas allow. */
  nearMs?: number;
}

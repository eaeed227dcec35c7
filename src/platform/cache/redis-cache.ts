import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logging/logger.js';
import type { Cache, GetOrLoadOptions } from './cache.js';
import { MemoryCache, ttlMs, type CacheObserver } from './memory-cache.js';
import { SingleFlight } from './single-flight.js';

/**
 * INCRBY and set the window's expiry on the first increment, in one atomic step, returning the
 * count and the remaining window in ms. A counter that somehow lost its expiry gets it back, so a
 * key can never count forever. (A script, not `EXPIRE NX`, so it runs on Redis before 7.)
 */
const incrementScript = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

type RedisWithScripts = Redis & {
  cacheIncrement(key: string, windowMs: number, by: number): Promise<[number, number]>;
};

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key (ioredis `keyPrefix`), so deployments and tests can share a Redis. */
  keyPrefix: string;
  log: Logger;
  observer?: CacheObserver;
  /** How long the first connection may take before the cache starts on its fallback. */
  connectTimeoutMs?: number;
  /** A command slower than this counts as Redis being unreachable. */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts (back-off doubles up to it, forever). */
  maxReconnectDelayMs?: number;
  /** While connected but failing commands, how often to probe whether Redis answers again. */
  probeIntervalMs?: number;
  /** Keys written locally during an outage that are remembered for invalidation on recovery. */
  maxPendingInvalidations?: number;
}

type State = 'starting' | 'up' | 'down' | 'closed';

/**
 * The production cache: Redis through ioredis, and an in-process {@link MemoryCache} that takes
 * over while Redis is unreachable, so requests keep being served (reads miss and load from the
 * database; rate-limit counters continue per process). Commands never wait for a connection: the
 * offline queue is off and commands time out quickly, so an outage costs a request at most one
 * command timeout, after which the fallback answers at once until Redis is back.
 *
 * On recovery, keys written or deleted locally during the outage are deleted in Redis (Redis may
 * hold values older than those writes), and the local fallback is emptied (so a later outage
 * never serves values left over from this one). Values are deleted rather than copied back: a
 * reload from the database is always correct, a copy may not be.
 */
export class RedisCache implements Cache {
  private readonly redis: RedisWithScripts;
  private readonly fallback: MemoryCache;
  private readonly observer: CacheObserver;
  private readonly log: Logger;
  private readonly target: string;
  private readonly loads = new SingleFlight();
  /** In-process copies of values read with `getOrLoad(…, { nearMs })`, each for its `nearMs`. */
  private readonly near = new LRUCache<string, { value: unknown }>({ max: 50_000 });
  private readonly probeIntervalMs: number;
  private readonly maxPendingInvalidations: number;
  /** Keys changed locally while Redis was not in use, to delete in Redis when it returns. */
  private readonly pendingInvalidations = new Set<string>();
  private invalidationsOverflowed = false;
  private state: State = 'starting';
  private recovering = false;
  private probe: NodeJS.Timeout | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private settleStart: () => void = () => undefined;
  /** Resolves once the first connection attempt succeeded, failed or timed out. */
  private readonly started: Promise<void>;

  constructor(options: RedisCacheOptions) {
    const connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
    const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2_000;
    this.observer = options.observer ?? { onLookup: () => undefined };
    this.fallback = new MemoryCache(this.observer);
    this.log = options.log;
    this.probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.maxPendingInvalidations = options.maxPendingInvalidations ?? 10_000;
    this.target = describeTarget(options.url);
    this.started = new Promise((resolve) => {
      this.settleStart = () => {
        clearTimeout(this.startTimer);
        resolve();
      };
    });
    this.startTimer = setTimeout(() => this.settleStart(), connectTimeoutMs);
    this.startTimer.unref();
    this.redis = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      // Fail fast instead of queueing while disconnected: the fallback answers instead.
      enableOfflineQueue: false,
      // Commands issued in the same tick share one write: a request's several look-ups and many
      // concurrent requests cost one round trip instead of one each.
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false,
      connectTimeout: connectTimeoutMs,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // Never give up reconnecting: Redis coming back must be picked up without a restart.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxReconnectDelayMs),
      // After a failover the old primary answers READONLY: reconnect (DNS or Sentinel moves on).
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
      scripts: { cacheIncrement: { lua: incrementScript, numberOfKeys: 1 } },
    }) as RedisWithScripts;
    this.redis.on('ready', () => void this.recover());
    this.redis.on('error', (error: Error) => this.lose(error));
    this.redis.on('close', () => this.lose(new Error('connection closed')));
  }

  backend(): 'redis' | 'memory' {
    return this.state === 'up' ? 'redis' : 'memory';
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.attempt(
      async () => {
        const raw = await this.redis.get(key);
        const value = raw === null ? undefined : parseJson<T>(raw);
        this.observer.onLookup(value === undefined ? 'miss' : 'hit', 'redis');
        return value;
      },
      () => this.fallback.get<T>(key),
    );
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    this.near.delete(key);
    const json = JSON.stringify(value);
    // `undefined` (and functions) have no JSON form; get() would read them as a miss anyway.
    if (json === undefined) return;
    await this.attempt(
      async () => {
        await this.redis.set(key, json, 'PX', ttlMs(ttlSeconds));
      },
      () => {
        this.rememberInvalidation(key);
        return this.fallback.set(key, value, ttlSeconds);
      },
    );
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) this.near.delete(key);
    await this.fallback.delete(...keys);
    await this.attempt(
      async () => {
        await this.redis.del(...keys);
      },
      async () => {
        for (const key of keys) this.rememberInvalidation(key);
      },
    );
  }

  async setIfAbsent<T>(key: string, value: T, ttlSeconds: number): Promise<boolean> {
    const json = JSON.stringify(value) ?? 'null';
    return this.attempt(
      async () => (await this.redis.set(key, json, 'PX', ttlMs(ttlSeconds), 'NX')) === 'OK',
      () => {
        this.rememberInvalidation(key);
        return this.fallback.setIfAbsent(key, value, ttlSeconds);
      },
    );
  }

  async increment(key: string, windowSeconds: number, by = 1) {
    return this.attempt(
      async () => {
        const [count, remainingMs] = await this.redis.cacheIncrement(key, ttlMs(windowSeconds), by);
        return { count, ttlSeconds: Math.ceil(remainingMs / 1000) };
      },
      () => this.fallback.increment(key, windowSeconds, by),
    );
  }

  async getOrLoad<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
    options?: GetOrLoadOptions,
  ): Promise<T> {
    const nearMs = options?.nearMs;
    if (nearMs) {
      const copy = this.near.get(key);
      if (copy) {
        this.observer.onLookup('hit', 'near');
        return copy.value as T;
      }
    }
    let value = await this.get<T>(key);
    if (value === undefined)
      value = await this.loads.run(key, async () => {
        const loaded = await load();
        if (loaded !== undefined) await this.set(key, loaded, ttlSeconds);
        return loaded;
      });
    if (nearMs && value !== undefined) this.near.set(key, { value }, { ttl: nearMs });
    return value;
  }

  async ping(): Promise<boolean> {
    if (this.state === 'starting') await this.started;
    if (this.state !== 'up') return false;
    try {
      await this.redis.ping();
      return true;
    } catch (error) {
      this.lose(error as Error);
      return false;
    }
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.stopProbe();
    this.settleStart();
    try {
      if (this.redis.status === 'ready') await this.redis.quit();
      else this.redis.disconnect();
    } catch {
      this.redis.disconnect();
    }
    await this.fallback.close();
  }

  /** Runs `operation` on Redis when it is in use, else (or when it fails to answer) `fallback`. */
  private async attempt<T>(operation: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.state === 'starting') await this.started;
    if (this.state !== 'up') return fallback();
    try {
      return await operation();
    } catch (error) {
      // Redis answered with an error (wrong type, script error): a bug, not an outage.
      if (isReplyError(error) && !isUnavailableReply(error)) throw error;
      this.lose(error as Error);
      return fallback();
    }
  }

  private rememberInvalidation(key: string): void {
    if (this.pendingInvalidations.size >= this.maxPendingInvalidations) {
      this.invalidationsOverflowed = true;
      return;
    }
    this.pendingInvalidations.add(key);
  }

  /** Switches to the fallback, logging the transition once (not once per failed command). */
  private lose(reason: Error): void {
    if (this.state === 'down' || this.state === 'closed') return;
    const atStart = this.state === 'starting';
    this.state = 'down';
    this.settleStart();
    this.log.warn(
      { redis: this.target, reason: reason.message },
      atStart
        ? 'Redis is unreachable at start-up; serving from the in-process cache until it answers'
        : 'Redis is unreachable; serving from the in-process cache until it returns',
    );
    // A dropped connection announces its return with `ready`; a connection that stays open but
    // stops answering (a hung server, a timeout) does not, so poll it.
    if (this.redis.status === 'ready') this.startProbe();
  }

  /** Called on every (re)connection: replays invalidations, then uses Redis again. */
  private async recover(): Promise<void> {
    if (this.state === 'up' || this.state === 'closed' || this.recovering) return;
    const atStart = this.state === 'starting';
    this.recovering = true;
    try {
      while (this.pendingInvalidations.size > 0) {
        const batch = [...this.pendingInvalidations].slice(0, 500);
        await this.redis.del(...batch);
        for (const key of batch) this.pendingInvalidations.delete(key);
      }
    } catch (error) {
      // Still failing: stay on the fallback and try again on the next probe or reconnection.
      this.recovering = false;
      this.lose(error as Error);
      if (this.redis.status === 'ready') this.startProbe();
      return;
    }
    this.recovering = false;
    if (this.invalidationsOverflowed) {
      this.log.warn(
        { limit: this.maxPendingInvalidations },
        'More keys changed during the Redis outage than were remembered; some cached values may be stale until they expire',
      );
      this.invalidationsOverflowed = false;
    }
    this.fallback.clear();
    this.near.clear();
    this.state = 'up';
    this.stopProbe();
    this.settleStart();
    if (atStart) this.log.info({ redis: this.target }, 'Redis cache connected');
    else this.log.info({ redis: this.target }, 'Redis is reachable again; using it for the cache');
  }

  private startProbe(): void {
    if (this.probe) return;
    this.probe = setInterval(() => {
      if (this.redis.status !== 'ready' || this.recovering) return;
      this.redis.ping().then(
        () => this.recover(),
        () => undefined,
      );
    }, this.probeIntervalMs);
    this.probe.unref();
  }

  private stopProbe(): void {
    clearInterval(this.probe);
    this.probe = undefined;
  }
}

function parseJson<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    // Not written by this cache (or truncated): a miss, so the caller reloads and overwrites it.
    return undefined;
  }
}

function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

/** Replies that mean "this server cannot serve now" (failover, start-up), not a caller's bug. */
function isUnavailableReply(error: Error): boolean {
  return /^(READONLY|LOADING|MASTERDOWN|CLUSTERDOWN|BUSY|TRYAGAIN) /.test(error.message);
}

/** host:port/db for logs, never the password. */
function describeTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

import type { FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';
import type { Cache } from '../cache/cache.js';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store over our Cache: counters live in Redis when it is up and fall back
 * to the process's own counters while it is down, so limits keep working through an outage.
 */
export function cacheRateLimitStore(cache: Cache): FastifyRateLimitStoreCtor {
  return class CacheRateLimitStore {
    private readonly windowSeconds: number;
    private readonly prefix: string;

    constructor(options: Pick<RateLimitOptions, 'timeWindow'>, prefix = 'rl:') {
      const window = typeof options.timeWindow === 'number' ? options.timeWindow : 60_000;
      this.windowSeconds = Math.max(1, Math.ceil(window / 1000));
      this.prefix = prefix;
    }

    incr(key: string, callback: IncrCallback): void {
      cache.increment(`${this.prefix}${key}`, this.windowSeconds).then(
        ({ count, ttlSeconds }) => callback(null, { current: count, ttl: ttlSeconds * 1000 }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }) {
      const routeLimit = (routeOptions.config as { rateLimit?: RateLimitOptions } | undefined)
        ?.rateLimit;
      return new CacheRateLimitStore(
        routeLimit ?? {},
        `${this.prefix}${String(routeOptions.method)}${routeOptions.path}:`,
      );
    }
  };
}

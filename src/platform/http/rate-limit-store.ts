import type { FastifyRateLimitStoreCtor, RateLimitOptions } from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';
import type { RateCounter } from '../cache/rate-counter.js';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * What @fastify/rate-limit really passes to `child()`: the global options merged with the route's
 * `config.rateLimit`, plus the route under `routeInfo` (empty for `fastify.createRateLimit()`).
 * Its type declaration says "route options", which have neither.
 */
interface MergedRouteLimit {
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

const defaultWindowMs = 60_000;

/**
 * A @fastify/rate-limit store over the shared RateCounter: decisions are local and immediate,
 * counts are shared through the cache (Redis when up, the process's own counters while it is
 * down, so limits keep working through an outage). Routes with their own `config.rateLimit` count
 * in their own namespace (or their `groupId`'s).
 */
export function sharedRateLimitStore(counter: RateCounter): FastifyRateLimitStoreCtor {
  return class CacheRateLimitStore {
    private readonly defaultWindowMs: number;
    private readonly prefix: string;

    constructor(options: Pick<RateLimitOptions, 'timeWindow'>, prefix = 'rl:') {
      this.defaultWindowMs =
        typeof options.timeWindow === 'number' ? options.timeWindow : defaultWindowMs;
      this.prefix = prefix;
    }

    /** `timeWindow` is the plugin's resolved window in ms (it may be computed per request). */
    incr(key: string, callback: IncrCallback, timeWindow?: number): void {
      const windowMs = typeof timeWindow === 'number' ? timeWindow : this.defaultWindowMs;
      const { count, ttlSeconds } = counter.hit(
        `${this.prefix}${key}`,
        Math.max(1, windowMs) / 1000,
      );
      callback(null, { current: count, ttl: ttlSeconds * 1000 });
    }

    child(routeOptions: RouteOptions & { path: string; prefix: string }) {
      const merged = routeOptions as unknown as MergedRouteLimit &
        Pick<RateLimitOptions, 'timeWindow'>;
      const route = merged.routeInfo;
      const method = Array.isArray(route?.method) ? route.method.join(',') : route?.method;
      const namespace = merged.groupId
        ? `group:${merged.groupId}`
        : route?.url
          ? `${method ?? ''}${route.url}`
          : 'custom';
      return new CacheRateLimitStore(merged, `${this.prefix}${namespace}:`);
    }
  };
}

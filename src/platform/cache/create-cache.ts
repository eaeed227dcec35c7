import { Gauge } from 'prom-client';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

/**
 * Redis when `REDIS_URL` is set (with the in-process fallback for outages), otherwise the
 * in-process cache alone.
 *
 * Metrics: `cache_requests_total{outcome,backend}` counts look-ups. The hit ratio is computed in
 * PromQL from it rather than kept as a gauge (a process-lifetime ratio hides recent changes):
 *   sum(rate(cache_requests_total{outcome="hit"}[5m])) / sum(rate(cache_requests_total[5m]))
 * With Redis configured, `cache_redis_up` is 1 while Redis serves and 0 during a fallback.
 */
export function createCache(config: Config, metrics: Metrics, log: Logger): Cache {
  const observer = {
    onLookup: (outcome: 'hit' | 'miss', backend: 'redis' | 'memory') =>
      metrics.cacheRequests.inc({ outcome, backend }),
  };
  if (!config.redisUrl) return new MemoryCache(observer);
  const cache = new RedisCache({
    url: config.redisUrl,
    keyPrefix: config.cacheKeyPrefix,
    log,
    observer,
  });
  new Gauge({
    name: 'cache_redis_up',
    help: 'Whether the configured Redis serves the cache (1) or the in-process fallback does (0)',
    registers: [metrics.registry],
    collect() {
      this.set(cache.backend() === 'redis' ? 1 : 0);
    },
  });
  return cache;
}

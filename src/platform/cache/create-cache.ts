import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';

export function createCache(config: Config, metrics: Metrics, _log: Logger): Cache {
  const observer = {
    onLookup: (outcome: 'hit' | 'miss', backend: 'redis' | 'memory') =>
      metrics.cacheRequests.inc({ outcome, backend }),
  };
  return new MemoryCache(observer);
}

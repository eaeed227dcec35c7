import type { Runtime } from '../../../platform/runtime.js';

/**
 * Read like a principal: 30 s in the shared cache (Redis), 2 s in this process, so a hot key costs
 * no round trip; `runtime.cache.delete` drops it here at once, elsewhere within 2 s.
 */
export function cachedLookUp<T>(runtime: Runtime, key: string, load: () => Promise<T>): Promise<T> {
  return runtime.cache.getOrLoad(key, 30, load, { nearMs: 2_000 });
}

import packageJson from '../../../../package.json' with { type: 'json' };
import type { Runtime } from '../../../platform/runtime.js';

export interface PlatformStatus {
  version: string;
  mode: 'embedded' | 'production';
  database: { kind: 'pglite' | 'postgres'; reachable: boolean; latencyMs: number | null };
  cache: { backend: 'redis' | 'memory'; configured: 'redis' | 'memory'; reachable: boolean };
  startedAt: string;
  uptimeSeconds: number;
  queues: { queue: string; queued: number; active: number }[];
  modules: string[];
  mcp: { tools: number; resources: number; prompts: number };
}

const pingTimeoutMs = 2_000;

/** Resolves to `fallback` if `promise` has not settled in time (a hung dependency is "down"). */
async function within<T>(promise: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), pingTimeoutMs);
  });
  try {
    return await Promise.race([promise.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A read-only snapshot of the platform: what an operator (or an agent) checks first. */
export async function readPlatformStatus(runtime: Runtime): Promise<PlatformStatus> {
  const pingStarted = performance.now();
  const timedPing = runtime.database.ping().then(() => performance.now() - pingStarted);
  const [pingMs, cacheUp, queues] = await Promise.all([
    within<number | null>(timedPing, null),
    within(runtime.cache.ping(), false),
    within(runtime.jobs.queueDepths(), []),
  ]);
  const databaseUp = pingMs !== null;
  const latencyMs = pingMs === null ? null : Math.round(pingMs * 10) / 10;
  return {
    version: packageJson.version,
    mode: runtime.config.mode,
    database: { kind: runtime.database.kind, reachable: databaseUp, latencyMs },
    cache: {
      backend: runtime.cache.backend(),
      configured: runtime.config.redisUrl ? 'redis' : 'memory',
      reachable: cacheUp,
    },
    startedAt: runtime.startedAt.toISOString(),
    uptimeSeconds: Math.floor((Date.now() - runtime.startedAt.getTime()) / 1000),
    queues,
    modules: runtime.modules.map((module) => module.name),
    mcp: {
      tools: runtime.mcp.tools.size,
      resources: runtime.mcp.resources.size,
      prompts: runtime.mcp.prompts.size,
    },
  };
}

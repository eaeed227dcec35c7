import type { Config } from './config/config.js';
import type { Cache } from './cache/cache.js';
import { createCache } from './cache/create-cache.js';
import { RateCounter } from './cache/rate-counter.js';
import { openDatabase, type Database, type DatabaseHandle } from './db/database.js';
import { runMigrations } from './db/migrate.js';
import type { EventBus } from './events/domain-event.js';
import { createOutboxEventBus } from './events/outbox-event-bus.js';
import { pruneIdempotencyKeysJob } from './http/prune-idempotency-keys.js';
import { createJobs, type Jobs, type JobsOptions } from './jobs/jobs.js';
import { createLogger, type Logger } from './logging/logger.js';
import { McpRegistry } from './mcp/mcp-registry.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import type { ModuleDefinition } from './module.js';
import { verifyMasterKey } from './security/key-check.js';
import { resolveMasterKey } from './security/master-key.js';

/** Everything a module's use cases may depend on, created once per process. */
export interface Runtime {
  config: Config;
  log: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  db: Database;
  cache: Cache;
  /** Rate-limit counters: local decisions, shared counts (see RateCounter). */
  rateCounter: RateCounter;
  jobs: Jobs;
  events: EventBus;
  mcp: McpRegistry;
  masterKey: Buffer;
  modules: readonly ModuleDefinition[];
  startedAt: Date;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Apply migrations on open (the embedded mode always does; production runs `migrate`). */
  migrate?: boolean;
  /** Use this open database instead of opening one (e.g. two runtimes on one PGlite in a test). */
  database?: DatabaseHandle;
  /** pg-boss's time source; tests pass a pg-boss `TestClock` to step through cron intervals. */
  jobClock?: JobsOptions['clock'];
}

export async function createRuntime(
  config: Config,
  modules: readonly ModuleDefinition[],
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const log = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const database = options.database ?? (await openDatabase(config.database));
  try {
    if (options.migrate ?? config.mode === 'embedded') await runMigrations(database);
    const masterKey = await resolveMasterKey(config);
    await verifyMasterKey(database.db, masterKey);
    const cache = createCache(config, metrics, log);
    const jobs = createJobs(database, log, metrics, {
      // Leaves the rest of the shutdown budget for draining HTTP and failing overrunning jobs back
      // to the queue before the process is made to exit.
      stopTimeoutMs: Math.floor(config.shutdownTimeoutMs * 0.6),
      clock: options.jobClock,
    });
    const events = createOutboxEventBus(database, jobs, log);
    const mcp = new McpRegistry();
    const runtime: Runtime = {
      config,
      log,
      metrics,
      database,
      db: database.db,
      cache,
      rateCounter: new RateCounter(cache),
      jobs,
      events,
      mcp,
      masterKey,
      modules,
      startedAt: new Date(),
    };
    jobs.register(pruneIdempotencyKeysJob(database));
    for (const module of modules) {
      if (module.jobs)
        jobs.register(...(typeof module.jobs === 'function' ? module.jobs(runtime) : module.jobs));
      if (module.eventHandlers)
        events.subscribe(
          ...(typeof module.eventHandlers === 'function'
            ? module.eventHandlers(runtime)
            : module.eventHandlers),
        );
      module.mcp?.(mcp);
    }
    return runtime;
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}

/** Starts background work: job handlers and event delivery when this process works jobs. */
export async function startBackgroundWork(runtime: Runtime, work: boolean): Promise<void> {
  await runtime.jobs.start({ work });
  await runtime.events.start({ work });
}

export async function closeRuntime(runtime: Runtime): Promise<void> {
  await runtime.events.stop();
  await runtime.jobs.stop();
  for (const module of runtime.modules) await module.stop?.(runtime);
  await runtime.rateCounter.close();
  await runtime.cache.close();
  await runtime.database.close();
}

import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type SendOptions } from 'pg-boss';
import type { Database, DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { JobDefinition } from './job-definition.js';

export interface SendJobOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  transaction?: Database;
  /** At most one queued job with this key. */
  singletonKey?: string;
  startAfterSeconds?: number;
}

export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

export interface Jobs {
  register(...definitions: JobDefinition<never>[]): void;
  send<Payload>(
    job: JobDefinition<Payload>,
    payload: Payload,
    options?: SendJobOptions,
  ): Promise<string | null>;
  /** Starts pg-boss; with `work`, also runs handlers and cron schedules in this process. */
  start(options: { work: boolean }): Promise<void>;
  stop(): Promise<void>;
  queueDepths(): Promise<QueueDepth[]>;
  definitions(): readonly JobDefinition<never>[];
}

export function createJobs(database: DatabaseHandle, log: Logger, metrics: Metrics): Jobs {
  const definitions = new Map<string, JobDefinition<never>>();
  const boss =
    database.driver.kind === 'pglite'
      ? new PgBoss({ db: fromPglite(database.driver.client), schema: 'pgboss', backend: 'pglite' })
      : new PgBoss({ connectionString: database.driver.url, schema: 'pgboss', max: 4 });
  boss.on('error', (error: unknown) => log.error({ err: error }, 'job runner error'));
  let started = false;

  async function runHandler(
    definition: JobDefinition<never>,
    job: { id: string; data: unknown; retryCount?: number },
    signal: AbortSignal,
  ) {
    const timer = metrics.jobDuration.startTimer({ queue: definition.name });
    const jobLog = log.child({ queue: definition.name, jobId: job.id });
    try {
      const payload = definition.payload.parse(job.data) as never;
      await definition.handle(payload, {
        jobId: job.id,
        attempt: job.retryCount ?? 0,
        log: jobLog,
        signal,
      });
      timer({ outcome: 'completed' });
    } catch (error) {
      timer({ outcome: 'failed' });
      jobLog.warn({ err: error }, 'job failed');
      throw error;
    }
  }

  return {
    register(...items) {
      for (const definition of items) {
        if (definitions.has(definition.name))
          throw new Error(`Job ${definition.name} is registered twice`);
        definitions.set(definition.name, definition);
      }
    },

    async send(job, payload, options = {}) {
      const data = job.payload.parse(payload) as object;
      const sendOptions: SendOptions = {
        retryLimit: job.retryLimit ?? 3,
        retryDelay: job.retryDelaySeconds ?? 5,
        retryBackoff: true,
        ...(job.expireInSeconds ? { expireInSeconds: job.expireInSeconds } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
        ...(options.transaction
          ? { db: fromDrizzle(options.transaction as never, sql as never) }
          : {}),
      };
      return boss.send(job.name, data, sendOptions);
    },

    async start({ work }) {
      await boss.start();
      started = true;
      for (const definition of definitions.values()) {
        await boss.createQueue(definition.name).catch((error: unknown) => {
          if (!String(error).includes('already exists')) throw error;
        });
      }
      if (!work) return;
      for (const definition of definitions.values()) {
        await boss.work<unknown>(
          definition.name,
          { localConcurrency: definition.concurrency ?? 2, pollingIntervalSeconds: 1 },
          async (jobs) => {
            for (const job of jobs) await runHandler(definition, job, job.signal);
          },
        );
        // pg-boss keeps schedules in the database and lets one instance fire each interval.
        if (definition.cron)
          await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
      }
    },

    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 10_000 });
    },

    async queueDepths() {
      if (!started) return [];
      const queues = await boss.getQueues([...definitions.keys()]);
      return queues.map((queue) => ({
        queue: queue.name,
        queued: queue.queuedCount,
        active: queue.activeCount,
      }));
    },

    definitions: () => [...definitions.values()],
  };
}

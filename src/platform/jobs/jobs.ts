import { bulkhead, type BulkheadPolicy } from 'cockatiel';
import { SQL, sql } from 'drizzle-orm';
import {
  PgBoss,
  fromDrizzle,
  fromPglite,
  type Clock,
  type ConstructorOptions,
  type Job,
  type JobResult,
  type Queue,
} from 'pg-boss';
import type { Database, DatabaseHandle } from '../db/database.js';
import { rowsOf } from '../db/raw-result.js';
import { isTransientError } from '../db/transient-error.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { describeJobBudget, planJobBudget } from './job-budget.js';
import type { JobDefinition } from './job-definition.js';
import { syncSchedules } from './schedules.js';
import { waitForDatabase } from './wait-for-database.js';

export interface SendJobOptions {
  /** Enqueue inside this transaction: the job exists only if the transaction commits. */
  transaction?: Database;
  /**
   * On a queue that coalesces (`coalesce: true`): at most one waiting job with this key, a send
   * while one waits adds none (`send` answers null). Other queues ignore it.
   */
  singletonKey?: string;
  startAfterSeconds?: number;
}

export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

export interface JobsOptions {
  /** How long `stop()` waits for running handlers before failing them (they are retried later). */
  stopTimeoutMs?: number;
  /** pg-boss's source of time; tests pass a `TestClock` to step through cron intervals. */
  clock?: Clock;
}

export interface Jobs {
  register(...definitions: JobDefinition<unknown>[]): void;
  /** Validates the payload (throws a ZodError on a bad one) and enqueues one job. */
  send<Payload>(
    job: JobDefinition<Payload>,
    payload: Payload,
    options?: SendJobOptions,
  ): Promise<string | null>;
  /** Validates and enqueues many jobs in one statement. */
  sendMany<Payload>(
    job: JobDefinition<Payload>,
    payloads: readonly Payload[],
    options?: Pick<SendJobOptions, 'transaction'> & {
      /** Each job's `singletonKey` (see SendJobOptions). */
      singletonKey?: (payload: Payload) => string;
    },
  ): Promise<void>;
  /** Starts pg-boss; with `work`, also runs handlers, cron schedules and maintenance here. */
  start(options: { work: boolean }): Promise<void>;
  /** Stops fetching, waits (bounded) for running handlers, then releases pg-boss. */
  stop(): Promise<void>;
  /** Queued and active jobs per registered queue, from pg-boss's cached counts (for /metrics). */
  queueDepths(): Promise<QueueDepth[]>;
  definitions(): readonly JobDefinition<unknown>[];
}

const defaultRetryLimit = 3;
/** How long a handler that met a transient database error waits for the database (see runOne). */
const transientWaitMs = 60_000;

/** Queue-level settings, so jobs sent by cron get the same retries as jobs sent by `send`. */
function queueOptions(definition: JobDefinition<unknown>): Omit<Queue, 'name'> {
  return {
    retryLimit: definition.retryLimit ?? defaultRetryLimit,
    retryDelay: definition.retryDelaySeconds ?? 5,
    retryBackoff: true,
    retryDelayMax: definition.retryDelayMaxSeconds ?? 900,
    expireInSeconds: definition.expireInSeconds ?? 900,
    // pg-boss's `short` policy: one created job per singleton key (unkeyed jobs share one).
    policy: definition.coalesce ? 'short' : 'standard',
  };
}

/**
 * pg-boss's Drizzle adapter, given the caller's transaction: pg-boss builds its statements with
 * Drizzle's `sql` tag, and our `Database` leaves the driver's result shape open, so the rows are
 * read the way every raw statement here reads them.
 */
function inTransaction(transaction: Database) {
  return fromDrizzle(
    {
      async execute(query) {
        if (!(query instanceof SQL)) throw new TypeError('pg-boss sent a query not built by sql``');
        return { rows: rowsOf<unknown>(await transaction.execute(query)) };
      },
    },
    sql,
  );
}

export function createJobs(
  database: DatabaseHandle,
  log: Logger,
  metrics: Metrics,
  options: JobsOptions = {},
): Jobs {
  const definitions = new Map<string, JobDefinition<unknown>>();
  let boss: PgBoss | undefined;

  function createBoss(work: boolean): PgBoss {
    // Only working processes run cron passes and maintenance; a serving process only enqueues.
    const common: ConstructorOptions = {
      schema: 'pgboss',
      schedule: work,
      supervise: work,
      ...(options.clock ? { clock: options.clock } : {}),
    };
    const instance =
      database.driver.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(database.driver.client), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: database.driver.url, max: 4 });
    instance.on('error', (error: unknown) => log.error({ err: error }, 'job runner error'));
    return instance;
  }

  function started(): PgBoss {
    if (!boss) throw new Error('Jobs are not started: call startBackgroundWork() first');
    return boss;
  }

  async function runOne(definition: JobDefinition<unknown>, job: Job<unknown>): Promise<JobResult> {
    const timer = metrics.jobDuration.startTimer({ queue: definition.name });
    const jobLog = log.child({ queue: definition.name, jobId: job.id });
    try {
      const payload = definition.payload.parse(job.data);
      await definition.handle(payload, {
        jobId: job.id,
        attempt: job.retryCount,
        retriesLeft: Math.max(0, (definition.retryLimit ?? defaultRetryLimit) - job.retryCount),
        log: jobLog,
        signal: job.signal,
      });
      timer({ outcome: 'completed' });
      return { id: job.id, status: 'completed' };
    } catch (error) {
      timer({ outcome: 'failed' });
      jobLog.warn({ err: error, attempt: job.retryCount }, 'job failed');
      // pg-boss records the failure (and so the retry) on the database that just went away: a
      // record that fails leaves the job active until it expires, minutes later. Handing it back
      // once the database answers again gets the retry recorded with its short back-off.
      if (isTransientError(error))
        await waitForDatabase(database, { timeoutMs: transientWaitMs, signal: job.signal });
      const message = error instanceof Error ? error.message : String(error);
      return { id: job.id, status: 'failed', output: { message } };
    }
  }

  /**
   * Fits the database-bound queues' concurrency to the pool, with a gate as wide as the connections
   * for jobs in front of their runs (PostgreSQL: PGlite runs one statement at a time and has no
   * pool to starve), states the budget, and refuses a pool too small for any job.
   */
  function budgetOf(items: JobDefinition<unknown>[]): {
    granted: Map<string, number>;
    gate: BulkheadPolicy | undefined;
  } {
    if (database.driver.kind !== 'postgres') return { granted: new Map(), gate: undefined };
    const budget = planJobBudget(
      database.driver.pool.options.max,
      items.map((definition) => ({
        name: definition.name,
        concurrency: definition.concurrency ?? 4,
        waitsOn: definition.waitsOn ?? 'database',
      })),
    );
    log.info({ budget }, describeJobBudget(budget));
    return {
      granted: new Map(budget.queues.map((queue) => [queue.name, queue.granted])),
      // Database runs of all queues together never hold more connections than jobs have.
      gate: bulkhead(budget.forJobs, Number.POSITIVE_INFINITY),
    };
  }

  async function ensureQueue(instance: PgBoss, definition: JobDefinition<unknown>) {
    const settings = queueOptions(definition);
    const existing = await instance.getQueue(definition.name);
    if (existing) {
      if (existing.policy !== settings.policy)
        log.warn(
          { queue: definition.name, policy: existing.policy, wanted: settings.policy },
          'jobs: the queue keeps the policy it was created with (pg-boss cannot change it); delete the queue while it is empty to apply the new one',
        );
      // Keeps retry settings in step with the code after a deploy changes them.
      const { retryDelayMax: _fixedAtCreation, policy: _fixedToo, ...updatable } = settings;
      await instance.updateQueue(definition.name, updatable);
      return;
    }
    await instance.createQueue(definition.name, settings).catch((error: unknown) => {
      // Another process created it between our check and our create.
      if (!String(error).includes('already exists')) throw error;
    });
  }

  return {
    register(...items) {
      for (const definition of items) {
        if (definitions.has(definition.name))
          throw new Error(`Job ${definition.name} is registered twice`);
        if (definition.cron && !definition.payload.safeParse({}).success)
          throw new Error(
            `Job ${definition.name} has a cron schedule, so its payload must accept {}`,
          );
        definitions.set(definition.name, definition);
      }
    },

    async send(job, payload, sendOptions = {}) {
      const data = job.payload.parse(payload) as object;
      return started().send(job.name, data, {
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
        ...(sendOptions.transaction ? { db: inTransaction(sendOptions.transaction) } : {}),
      });
    },

    async sendMany(job, payloads, sendOptions = {}) {
      if (payloads.length === 0) return;
      const data = payloads.map((payload) => ({
        data: job.payload.parse(payload) as object,
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey(payload) } : {}),
      }));
      await started().insert(
        job.name,
        data,
        sendOptions.transaction ? { db: inTransaction(sendOptions.transaction) } : {},
      );
    },

    async start({ work }) {
      if (boss) return;
      const instance = createBoss(work);
      await instance.start();
      boss = instance;
      for (const definition of definitions.values()) await ensureQueue(instance, definition);
      if (!work) return;
      const { granted, gate } = budgetOf([...definitions.values()]);
      for (const definition of definitions.values()) {
        const concurrency = granted.get(definition.name) ?? definition.concurrency ?? 4;
        // Two pollers per queue, each fetching a batch that runs side by side and is settled job by
        // job (a failure retries only its own job). While fetches come back full a poller fetches
        // again at once, so a backlog drains at database speed rather than a batch per poll; two
        // pollers keep one slow job from holding up the whole queue while its batch finishes.
        // pg-boss ignores burstWhenBatchFull at a batch of one, which left a concurrency-2 queue
        // at one job per second per poller: by default each poller takes at least two jobs, and a
        // queue of one job at a time bursts on its (minute-old) backlog count instead. A queue that
        // names its pollers (long jobs arriving one by one) keeps them.
        const pollers = Math.min(
          definition.pollers ?? Math.max(1, Math.min(2, Math.floor(concurrency / 2))),
          concurrency,
        );
        await instance.work<unknown>(
          definition.name,
          {
            localConcurrency: pollers,
            batchSize: Math.ceil(concurrency / pollers),
            pollingIntervalSeconds: 1,
            burstWhenBatchFull: true,
            burstWhenReadyExceeds: 1,
            perJobResults: true,
          },
          (jobs) =>
            Promise.all(
              jobs.map((job) =>
                gate && (definition.waitsOn ?? 'database') === 'database'
                  ? gate.execute(() => runOne(definition, job))
                  : runOne(definition, job),
              ),
            ),
        );
      }
      await syncSchedules(instance, [...definitions.values()]);
    },

    async stop() {
      const instance = boss;
      if (!instance) return;
      boss = undefined;
      await instance.stop({ graceful: true, timeout: options.stopTimeoutMs ?? 10_000 });
    },

    async queueDepths() {
      if (!boss) return [];
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

import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';
import type { JobWaitsOn } from './job-budget.js';

export interface JobContext {
  jobId: string;
  /** 0 on the first run; retries count up. */
  attempt: number;
  /** Retries pg-boss still has for this job if the handler throws (see retryTransient). */
  retriesLeft: number;
  log: Logger;
  /** Aborted when the process stops and the job outlives the shutdown grace period. */
  signal: AbortSignal;
}

/**
 * A typed job: the payload schema is checked on send and on receive, so a job written by an older
 * release with another shape fails loudly instead of running with garbage.
 */
export interface JobDefinition<Payload = unknown> {
  /** Queue name, `<module>.<verb-noun>`: e.g. `content.generate-assets`. */
  name: string;
  payload: z.ZodType<Payload>;
  handle(payload: Payload, context: JobContext): Promise<void>;
  /**
   * Cron expression (5 fields, UTC). A scheduled job runs once per occurrence however many workers
   * run, with its payload `{}` (so the schema must accept an empty object). pg-boss evaluates
   * schedules at minute resolution: a finer expression still runs at most once a minute.
   */
  cron?: string;
  /** Retries after the first failure (default 3). */
  retryLimit?: number;
  /** First retry delay; later ones back off exponentially (default 5). */
  retryDelaySeconds?: number;
  /** Ceiling of the backed-off retry delay (default 15 minutes). */
  retryDelayMaxSeconds?: number;
  /**
   * Jobs of this queue one worker process runs at once (default 4). On PostgreSQL a `database`
   * queue runs at most as many as the pool has connections for jobs, and the database runs of all
   * queues together pass a gate that wide (see job-budget.ts).
   */
  concurrency?: number;
  /**
   * What a run mostly waits on (default `database`). A `provider` queue (AI generation) holds a
   * connection only for short statements between provider calls, so its concurrency may exceed
   * the pool: those statements queue for a connection.
   */
  waitsOn?: JobWaitsOn;
  /**
   * Independent pollers sharing `concurrency` (default 2, and 1 below a concurrency of 4, so that
   * each fetches at least two jobs and a backlog drains without waiting a poll between jobs). A
   * poller waits for its whole batch before fetching again, so a queue of long jobs arriving one
   * by one needs many small batches to keep `concurrency` jobs in flight (content generation uses
   * 32; CSV imports use 2, one each).
   */
  pollers?: number;
  /** How long a run may take before pg-boss treats it as failed and retries (default 15 min). */
  expireInSeconds?: number;
  /**
   * At most one waiting job per `singletonKey` (jobs sent without a key share one, so a cron
   * occurrence never queues behind another): a burst of sends while one waits is one run, and a
   * send while it runs queues the next. Every send to such a queue that must not merge with
   * others needs its own key. Fixed when the queue is first created.
   */
  coalesce?: boolean;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

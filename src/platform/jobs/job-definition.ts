import type { z } from 'zod';
import type { Logger } from '../logging/logger.js';

export interface JobContext {
  jobId: string;
  /** 0 on the first run; retries count up. */
  attempt: number;
  log: Logger;
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
  /** Cron expression (UTC); a scheduled job runs once per interval however many workers run. */
  cron?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** Jobs of this queue one worker process runs at once. */
  concurrency?: number;
  expireInSeconds?: number;
}

export function defineJob<Payload>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

import { isTransientError } from '../db/transient-error.js';
import type { JobContext } from './job-definition.js';

/**
 * True when a handler should re-throw `error` so that pg-boss runs the job again later (with the
 * queue's exponential back-off) instead of recording the work as failed: the database was away,
 * the pool had no connection in time, or a transaction lost a serialization race or a deadlock.
 * Once the retries are spent, the handler records the failure in plain words (userFacingReason).
 */
export function retryTransient(error: unknown, context: Pick<JobContext, 'retriesLeft'>): boolean {
  return isTransientError(error) && context.retriesLeft > 0;
}

/**
 * Which database errors are worth trying again: the database went away for a moment (restart,
 * failover, network), the pool had no connection to give in time, or PostgreSQL cancelled a
 * transaction that a rerun will most likely get through (serialization failure, deadlock).
 * Everything else (constraint violations, bad SQL, bugs) fails the same way on every attempt.
 */
export type TransientKind = 'unavailable' | 'contention';

/**
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot
 * connect now: a restart or failover) and 53300 (too many connections).
 */
const unavailableSqlState = /^(08|57P0[1-3]|53300$)/;
/** 40001 serialization_failure, 40P01 deadlock_detected. */
const contentionSqlStates = new Set(['40001', '40P01']);
const unavailableSystemCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a lost socket and pool starvation by message only. */
const unavailableMessages =
  /connection terminated|timeout exceeded when trying to connect|connection .*closed|not queryable/i;

/** How many wrappers (Drizzle's DrizzleQueryError, our own) are looked through for the cause. */
const maxDepth = 5;

export function transientKind(error: unknown): TransientKind | undefined {
  for (let current = error, depth = 0; current && depth < maxDepth; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (contentionSqlStates.has(code)) return 'contention';
    if (unavailableSqlState.test(code) || unavailableSystemCodes.has(code)) return 'unavailable';
    if (typeof candidate.message === 'string' && unavailableMessages.test(candidate.message))
      return 'unavailable';
    current = candidate.cause;
  }
  return undefined;
}

/** True for an error a later attempt of the same work will likely not meet (see TransientKind). */
export function isTransientError(error: unknown): boolean {
  return transientKind(error) !== undefined;
}

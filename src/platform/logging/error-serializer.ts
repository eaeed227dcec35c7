import { pino } from 'pino';

/**
 * Fields of database errors that carry row values: Drizzle's `params` (also repeated in its
 * message), PostgreSQL's `detail` ("Key (email)=(ana@example.com) already exists", "Failing row
 * contains (…)"). Values are personal data; the query text and the error code are enough to debug.
 */
const valueFields = new Set(['params', 'detail']);

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error;
}

function scrubbed(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  const source = error as unknown as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (!valueFields.has(key)) copy[key] = source[key];
  }
  const { query, params } = source;
  if (typeof query === 'string' && params !== undefined) {
    // Drizzle's "Failed query: <sql>\nparams: <values>", also at the head of the stack.
    const message = `Failed query: ${query}`;
    copy.message = message;
    if (typeof error.stack === 'string') copy.stack = error.stack.replace(error.message, message);
  }
  if (isErrorLike(error.cause))
    copy.cause = depth < 5 ? scrubbed(error.cause, depth + 1) : undefined;
  return copy as unknown as Error;
}

/** pino's error serializer, minus the values a failed query was run with. */
export function errorSerializer(error: unknown): unknown {
  return pino.stdSerializers.err(isErrorLike(error) ? scrubbed(error, 0) : (error as Error));
}

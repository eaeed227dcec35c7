/**
 * PostgreSQL's text form of a timestamptz, as drizzle's `mode: 'string'` columns hand it over:
 * `2026-12-07 09:18:59.123+00` (space, hour-only offset).
 */
const postgresInstant = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?|Z)$/;

/** The instant in ISO 8601 UTC (`2026-12-07T09:18:59.123Z`) if `value` is PostgreSQL's text form of one. */
export function isoInstant(value: string): string {
  // Cheap tests first: most strings are no instant, and every answer's strings pass here.
  if (value.length < 22 || value.charCodeAt(10) !== 32 || !postgresInstant.test(value))
    return value;
  // Date parses `+01:00` but not PostgreSQL's `+01`.
  return new Date(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString();
}

/**
 * `JSON.stringify`'s replacer for API answers: every instant in ISO 8601 UTC (RFC 3339), whichever
 * query produced it — the database hands timestamptz over as `2026-12-07 09:18:59.123+00`.
 */
export function isoInstantReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? isoInstant(value) : value;
}

/**
 * A tool result with every instant in ISO 8601 UTC (`2026-12-07T09:18:59.123Z`), so agents read
 * one format whichever module built the result (ADR 0013). Only values change, never keys;
 * dates (`2026-12-07`) stay dates.
 */
export function withIsoInstants(value: unknown): unknown {
  if (typeof value === 'string') return isoInstant(value);
  if (Array.isArray(value)) return value.map(withIsoInstants);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withIsoInstants(item)]),
    );
  return value;
}

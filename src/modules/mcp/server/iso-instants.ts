/**
 * PostgreSQL's text form of a timestamptz, as drizzle's `mode: 'string'` columns hand it over:
 * `2026-12-07 09:18:59.123+00` (space, hour-only offset).
 */
const postgresInstant = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?|Z)$/;

/**
 * A tool result with every instant in ISO 8601 UTC (`2026-12-07T09:18:59.123Z`), so agents read
 * one format whichever module built the result (ADR 0013). Only values change, never keys;
 * dates (`2026-12-07`) stay dates.
 */
export function withIsoInstants(value: unknown): unknown {
  if (typeof value === 'string')
    return postgresInstant.test(value)
      ? // Date parses `+01:00` but not PostgreSQL's `+01`.
        new Date(value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString()
      : value;
  if (Array.isArray(value)) return value.map(withIsoInstants);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withIsoInstants(item)]),
    );
  return value;
}

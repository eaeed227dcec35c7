import { index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from '../events/events.tables.js';

/**
 * Idempotency-Key records: the authority on whether a key was used (Redis outages cannot lose or
 * fork it). A row without a status is a request in flight, held until `lockedUntil`; a row with a
 * status is the stored response, replayed until `expiresAt`.
 */
export const idempotencyKeys = platformSchema.table(
  'idempotency_keys',
  {
    /** principal : method : route : client key */
    key: text().primaryKey(),
    fingerprint: text().notNull(),
    status: integer(),
    contentType: text(),
    body: text(),
    lockedUntil: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    expiresAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [index('idempotency_keys_expires_idx').on(table.expiresAt)],
);

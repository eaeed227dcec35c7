import { text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from '../events/events.tables.js';

/**
 * One row: an HMAC of a fixed label under the master key (SECRET_KEY), written on first start.
 * A later start with another key finds a different value and refuses to serve, instead of
 * serving a database whose encrypted data and signing keys it cannot read.
 */
export const keyCheck = platformSchema.table('key_check', {
  id: text().primaryKey(),
  checkValue: text().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

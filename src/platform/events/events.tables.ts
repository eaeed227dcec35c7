import { sql } from 'drizzle-orm';
import { index, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const platformSchema = pgSchema('platform');

/** The transactional outbox: written in the same transaction as the change it describes. */
export const outboxEvents = platformSchema.table(
  'outbox_events',
  {
    id: uuid().primaryKey(),
    type: text().notNull(),
    orgId: uuid(),
    payload: jsonb().notNull(),
    occurredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    dispatchedAt: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [
    index('outbox_events_pending_idx')
      .on(table.id)
      .where(sql`${table.dispatchedAt} is null`),
  ],
);

/** One row per (event, handler) that completed: the redelivery guard. */
export const eventDeliveries = platformSchema.table(
  'event_deliveries',
  {
    eventId: uuid().notNull(),
    handler: text().notNull(),
    deliveredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.handler] })],
);

import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/database.js';
import type { DomainEvent } from './domain-event.js';
import { eventDeliveries, outboxEvents } from './events.tables.js';

export interface Delivery {
  eventId: string;
  handler: string;
}

export interface PendingDelivery {
  event: DomainEvent<unknown>;
  /** The handler already succeeded for this event: a redelivery to skip. */
  delivered: boolean;
}

const keyOf = (delivery: Delivery) => `${delivery.eventId}\u0000${delivery.handler}`;

/**
 * Reads events and records deliveries for a whole batch of delivery jobs at once. pg-boss hands a
 * worker up to a batch of jobs that run side by side; DataLoader gathers the look-ups (and the
 * records) they make in the same tick into one query each, instead of two round trips per job.
 */
export function createDeliveryStore(database: DatabaseHandle) {
  const reads = new DataLoader<Delivery, PendingDelivery | null, string>(
    async (keys) => {
      const ids = [...new Set(keys.map((key) => key.eventId))];
      const rows = await database.db
        .select({
          id: outboxEvents.id,
          type: outboxEvents.type,
          orgId: outboxEvents.orgId,
          payload: outboxEvents.payload,
          occurredAt: outboxEvents.occurredAt,
        })
        .from(outboxEvents)
        .where(inArray(outboxEvents.id, ids));
      const done = await database.db
        .select({ eventId: eventDeliveries.eventId, handler: eventDeliveries.handler })
        .from(eventDeliveries)
        .where(inArray(eventDeliveries.eventId, ids));
      const delivered = new Set(done.map(keyOf));
      const events = new Map(rows.map((row) => [row.id, row]));
      return keys.map((key) => {
        const row = events.get(key.eventId);
        if (!row) return null;
        return {
          event: {
            id: row.id,
            type: row.type,
            orgId: row.orgId,
            payload: row.payload,
            occurredAt: new Date(row.occurredAt).toISOString(),
          },
          delivered: delivered.has(keyOf(key)),
        };
      });
    },
    { cache: false, cacheKeyFn: keyOf },
  );

  const records = new DataLoader<Delivery, true, string>(
    async (keys) => {
      await database.db
        .insert(eventDeliveries)
        .values([...new Map(keys.map((key) => [keyOf(key), key])).values()])
        .onConflictDoNothing();
      return keys.map(() => true as const);
    },
    { cache: false, cacheKeyFn: keyOf },
  );

  return {
    /** The event and whether the handler already had it; null when the event was pruned. */
    load: (delivery: Delivery) => reads.load(delivery),
    /** Records that the handler succeeded, so a redelivery skips it. */
    record: async (delivery: Delivery) => {
      await records.load(delivery);
    },
  };
}

import { and, isNotNull, lt, sql } from 'drizzle-orm';
import { UUID } from 'uuidv7';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.js';
import { defineJob } from '../jobs/job-definition.js';
import { eventDeliveries, outboxEvents } from './events.tables.js';

/** Long past the last retry of any delivery (pg-boss gives up within hours). */
export const outboxRetentionDays = 7;
const chunk = 5_000;

/**
 * The smallest UUIDv7 of a moment: event ids are time-ordered, so "older than" is a range scan of
 * the primary keys and needs no index on the timestamps.
 */
export function firstUuidv7At(instant: Date): string {
  return UUID.fromFieldsV7(instant.getTime(), 0, 0, 0).toString();
}

/** Deletes dispatched events and their delivery records after the retention period, in chunks. */
export function pruneOutboxJob(database: DatabaseHandle) {
  return defineJob({
    name: 'platform.prune-outbox',
    payload: z.object({}),
    cron: '17 3 * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const cutoff = firstUuidv7At(new Date(Date.now() - outboxRetentionDays * 86_400_000));
      let deleted = 0;
      for (;;) {
        const rows = await database.query<{ id: string }>(sql`
          delete from ${outboxEvents} where ${outboxEvents.id} in (
            select ${outboxEvents.id} from ${outboxEvents}
            where ${and(lt(outboxEvents.id, cutoff), isNotNull(outboxEvents.dispatchedAt))}
            limit ${chunk})
          returning ${outboxEvents.id}`);
        deleted += rows.length;
        if (rows.length < chunk || context.signal.aborted) break;
      }
      for (;;) {
        const rows = await database.query<{ eventId: string }>(sql`
          delete from ${eventDeliveries} where (${eventDeliveries.eventId}, ${eventDeliveries.handler}) in (
            select ${eventDeliveries.eventId}, ${eventDeliveries.handler} from ${eventDeliveries}
            where ${lt(eventDeliveries.eventId, cutoff)} limit ${chunk})
          returning ${eventDeliveries.eventId}`);
        if (rows.length < chunk || context.signal.aborted) break;
      }
      context.log.info({ deleted }, 'outbox pruned');
    },
  });
}

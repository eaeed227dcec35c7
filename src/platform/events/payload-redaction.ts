import { and, eq, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { outboxEvents } from './events.tables.js';
import { firstUuidv7At } from './prune-outbox.js';

/**
 * Which already-written events lose which payload fields. The outbox keeps events for a week
 * after delivery; erasing a person must not leave their data there, and only the module that
 * publishes an event type knows which of its fields are personal.
 */
export interface PayloadRedaction {
  /** One event type, e.g. `crm.message-received`: a module redacts only its own events. */
  type: string;
  /** The tenant; omitted only by scheduled sweeps over every organisation. */
  orgId?: string;
  /** Only events whose top-level payload field holds one of these values (e.g. contact ids). */
  match?: { field: string; values: readonly string[] };
  /** Only events published before this instant and already handed to their handlers. */
  relayedBefore?: Date;
  /** Top-level payload fields to remove. */
  remove: readonly string[];
}

/** Removes the fields in the caller's transaction; returns how many events changed. */
export async function redactPayloads(
  transaction: Database,
  redaction: PayloadRedaction,
): Promise<number> {
  if (redaction.remove.length === 0 || redaction.match?.values.length === 0) return 0;
  const fields = sql`${sql.param([...redaction.remove])}::text[]`;
  const conditions: (SQL | undefined)[] = [
    eq(outboxEvents.type, redaction.type),
    // Only events still holding one of the fields: a second redaction changes (and counts) none.
    sql`${outboxEvents.payload} ?| ${fields}`,
    redaction.orgId ? eq(outboxEvents.orgId, redaction.orgId) : undefined,
    redaction.match
      ? sql`${outboxEvents.payload} ->> ${redaction.match.field} = any(${sql.param([...redaction.match.values])}::text[])`
      : undefined,
    ...(redaction.relayedBefore
      ? [
          lt(outboxEvents.id, firstUuidv7At(redaction.relayedBefore)),
          isNotNull(outboxEvents.dispatchedAt),
        ]
      : []),
  ];
  const rows = await transaction
    .update(outboxEvents)
    .set({ payload: sql`${outboxEvents.payload} - ${fields}` })
    .where(and(...conditions))
    .returning({ id: outboxEvents.id });
  return rows.length;
}

import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.js';
import { defineJob } from '../jobs/job-definition.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Logger } from '../logging/logger.js';
import type { DomainEvent, EventBus, EventHandler } from './domain-event.js';
import { eventDeliveries, outboxEvents } from './events.tables.js';

const batchSize = 200;
const pollIntervalMs = 250;

const deliveryPayload = z.object({ eventId: z.uuid(), handler: z.string() });

/**
 * Events are rows in `platform.outbox_events`, committed with the change. A relay in the working
 * process moves each committed event to one pg-boss job per subscribed handler (in one
 * transaction, so none is lost or doubled), and pg-boss retries failed deliveries. A handler that
 * already succeeded for an event is skipped on redelivery.
 */
export function createOutboxEventBus(database: DatabaseHandle, jobs: Jobs, log: Logger): EventBus {
  const handlers = new Map<string, EventHandler<never>>();
  const handlersByType = new Map<string, EventHandler<never>[]>();
  let timer: NodeJS.Timeout | undefined;
  let relaying: Promise<void> | undefined;
  let stopped = true;

  const deliver = defineJob({
    name: 'platform.deliver-event',
    payload: deliveryPayload,
    retryLimit: 10,
    retryDelaySeconds: 2,
    concurrency: 4,
    async handle({ eventId, handler: handlerName }, context) {
      const handler = handlers.get(handlerName);
      if (!handler) {
        context.log.warn(
          { handler: handlerName },
          'no handler by that name in this release; event skipped',
        );
        return;
      }
      const [row] = await database.db
        .select()
        .from(outboxEvents)
        .where(eq(outboxEvents.id, eventId));
      if (!row) return;
      const already = await database.db
        .select({ eventId: eventDeliveries.eventId })
        .from(eventDeliveries)
        .where(and(eq(eventDeliveries.eventId, eventId), eq(eventDeliveries.handler, handlerName)));
      if (already.length > 0) return;
      const event: DomainEvent<never> = {
        id: row.id,
        type: row.type,
        orgId: row.orgId,
        payload: row.payload as never,
        occurredAt: new Date(row.occurredAt).toISOString(),
      };
      await handler.handle(event, {
        log: context.log.child({ eventId, eventType: row.type, handler: handlerName }),
      });
      await database.db
        .insert(eventDeliveries)
        .values({ eventId, handler: handlerName })
        .onConflictDoNothing();
    },
  });
  jobs.register(deliver as never);

  async function relayOnce(): Promise<number> {
    return database.db.transaction(async (tx) => {
      const pending = await tx
        .select({ id: outboxEvents.id, type: outboxEvents.type })
        .from(outboxEvents)
        .where(isNull(outboxEvents.dispatchedAt))
        .orderBy(asc(outboxEvents.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (pending.length === 0) return 0;
      for (const event of pending) {
        for (const handler of handlersByType.get(event.type) ?? []) {
          await jobs.send(
            deliver,
            { eventId: event.id, handler: handler.name },
            { transaction: tx },
          );
        }
      }
      await tx
        .update(outboxEvents)
        .set({ dispatchedAt: sql`now()` })
        .where(
          inArray(
            outboxEvents.id,
            pending.map((event) => event.id),
          ),
        );
      return pending.length;
    });
  }

  async function relayLoop() {
    if (stopped) return;
    try {
      let moved = await relayOnce();
      while (moved === batchSize && !stopped) moved = await relayOnce();
    } catch (error) {
      log.error({ err: error }, 'outbox relay failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => void (relaying = relayLoop()), pollIntervalMs);
  }

  return {
    subscribe(...items) {
      for (const handler of items) {
        if (handlers.has(handler.name))
          throw new Error(`Event handler ${handler.name} is registered twice`);
        handlers.set(handler.name, handler);
        handlersByType.set(handler.eventType, [
          ...(handlersByType.get(handler.eventType) ?? []),
          handler,
        ]);
      }
    },

    async publish(transaction, event) {
      const id = uuidv7();
      await transaction
        .insert(outboxEvents)
        .values({ id, type: event.type, orgId: event.orgId, payload: event.payload });
      return id;
    },

    async start({ work }) {
      if (!work) return;
      stopped = false;
      relaying = relayLoop();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await relaying;
    },
  };
}

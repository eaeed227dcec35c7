import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.js';
import { defineJob } from '../jobs/job-definition.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Logger } from '../logging/logger.js';
import { createDeliveryStore } from './delivery-store.js';
import type { EventBus, EventHandler } from './domain-event.js';
import { outboxEvents } from './events.tables.js';
import { redactPayloads } from './payload-redaction.js';
import { pruneOutboxJob } from './prune-outbox.js';

const relayBatchSize = 500;
const relayIdleMs = 250;

const deliveryPayload = z.object({ eventId: z.uuid(), handler: z.string() });

/**
 * Events are rows in `platform.outbox_events`, committed with the change. A relay in each working
 * process moves committed events to one pg-boss job per subscribed handler, in one transaction per
 * batch (so an event is neither lost nor handed out twice by the relay), and pg-boss retries failed
 * deliveries. A handler that already succeeded for an event is skipped on redelivery; delivery is
 * still at least once (a crash between the handler and its delivery record runs it again), so
 * handlers must be idempotent.
 */
export function createOutboxEventBus(database: DatabaseHandle, jobs: Jobs, log: Logger): EventBus {
  const handlers = new Map<string, EventHandler<unknown>>();
  const handlersByType = new Map<string, EventHandler<unknown>[]>();
  let timer: NodeJS.Timeout | undefined;
  let relaying: Promise<void> | undefined;
  let stopped = true;

  const store = createDeliveryStore(database);

  const deliver = defineJob({
    name: 'platform.deliver-event',
    payload: deliveryPayload,
    retryLimit: 12,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 600,
    concurrency: 200,
    async handle({ eventId, handler: handlerName }, context) {
      const handler = handlers.get(handlerName);
      if (!handler) {
        context.log.warn(
          { handler: handlerName },
          'no handler by that name in this release; event skipped',
        );
        return;
      }
      const delivery = { eventId, handler: handlerName };
      const pending = await store.load(delivery);
      if (!pending || pending.delivered) return;
      await handler.handle(pending.event, {
        log: context.log.child({ eventId, eventType: pending.event.type, handler: handlerName }),
      });
      await store.record(delivery);
    },
  });
  jobs.register(deliver, pruneOutboxJob(database));

  /** Moves one batch; returns how many events it took. */
  async function relayOnce(): Promise<number> {
    return database.db.transaction(async (tx) => {
      // SKIP LOCKED lets several workers relay side by side without waiting on each other.
      const pending = await tx
        .select({ id: outboxEvents.id, type: outboxEvents.type })
        .from(outboxEvents)
        .where(isNull(outboxEvents.dispatchedAt))
        .orderBy(asc(outboxEvents.id))
        .limit(relayBatchSize)
        .for('update', { skipLocked: true });
      if (pending.length === 0) return 0;
      const deliveries = pending.flatMap((event) =>
        (handlersByType.get(event.type) ?? []).map((handler) => ({
          eventId: event.id,
          handler: handler.name,
        })),
      );
      await jobs.sendMany(deliver, deliveries, { transaction: tx });
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
      // A full batch means more are waiting: keep going without the idle pause.
      let moved = await relayOnce();
      while (moved === relayBatchSize && !stopped) moved = await relayOnce();
    } catch (error) {
      log.error({ err: error }, 'outbox relay failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => void (relaying = relayLoop()), relayIdleMs);
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
      // One INSERT on the caller's transaction: this runs on the request path.
      const id = uuidv7();
      await transaction
        .insert(outboxEvents)
        .values({ id, type: event.type, orgId: event.orgId, payload: event.payload });
      return id;
    },

    async publishMany(transaction, events) {
      const rows = events.map((event) => ({
        id: uuidv7(),
        type: event.type,
        orgId: event.orgId,
        payload: event.payload,
      }));
      if (rows.length === 0) return [];
      // Four array parameters whatever the batch size: no per-row SQL to build or parse.
      await transaction.execute(
        sql`insert into ${outboxEvents} (id, type, org_id, payload)
            select * from unnest(
              ${sql.param(rows.map((row) => row.id))}::uuid[],
              ${sql.param(rows.map((row) => row.type))}::text[],
              ${sql.param(rows.map((row) => row.orgId))}::uuid[],
              ${sql.param(rows.map((row) => JSON.stringify(row.payload)))}::jsonb[])`,
      );
      return rows.map((row) => row.id);
    },

    redact: redactPayloads,

    async start({ work }) {
      if (!work || !stopped) return;
      stopped = false;
      relaying = relayLoop();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await relaying;
    },
  };
}

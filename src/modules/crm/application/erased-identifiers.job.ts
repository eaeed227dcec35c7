import { and, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { outboxEvents } from '../../../platform/events/events.tables.js';
import { firstUuidv7At } from '../../../platform/events/prune-outbox.js';
import { defineJob } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes } from '../domain/crm-events.js';

/**
 * How long a `crm.person-erased` event keeps the identifiers other modules erase by. Delivery
 * retries of the outbox (12, backing off to 10 minutes) end within about an hour and a half;
 * a handler that ran before this finds the names it needs, none runs after it.
 */
export const erasedIdentifiersGraceHours = 3;

/**
 * Blanks the emails and phones of dispatched `crm.person-erased` events published before
 * `before`, so the erasure event does not itself keep the person's identifiers for the outbox's
 * week of retention. Returns how many events were scrubbed.
 */
export async function scrubErasedIdentifiers(runtime: Runtime, before: Date): Promise<number> {
  const rows = await runtime.db
    .update(outboxEvents)
    .set({
      payload: sql`${outboxEvents.payload} || '{"emails": [], "phones": []}'::jsonb`,
    })
    .where(
      and(
        eq(outboxEvents.type, crmEventTypes.personErased),
        isNotNull(outboxEvents.dispatchedAt),
        lt(outboxEvents.id, firstUuidv7At(before)),
        or(
          sql`${outboxEvents.payload}->'emails' <> '[]'::jsonb`,
          sql`${outboxEvents.payload}->'phones' <> '[]'::jsonb`,
        ),
      ),
    )
    .returning({ id: outboxEvents.id });
  return rows.length;
}

export function scrubErasedIdentifiersJob(runtime: Runtime) {
  return defineJob({
    name: 'crm.scrub-erased-identifiers',
    payload: z.object({}),
    cron: '41 * * * *',
    retryLimit: 2,
    async handle(_payload, context) {
      const before = new Date(Date.now() - erasedIdentifiersGraceHours * 3_600_000);
      const scrubbed = await scrubErasedIdentifiers(runtime, before);
      if (scrubbed > 0) context.log.info({ scrubbed }, 'crm: erased identifiers scrubbed');
    },
  });
}

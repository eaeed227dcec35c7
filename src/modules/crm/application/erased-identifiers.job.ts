import { z } from 'zod';
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
 * Removes the emails and phones from `crm.person-erased` events relayed before `before`, so the
 * erasure event does not itself keep the person's identifiers for the outbox's week of retention.
 * Returns how many events were scrubbed.
 */
export function scrubErasedIdentifiers(runtime: Runtime, before: Date): Promise<number> {
  return runtime.events.redact(runtime.db, {
    type: crmEventTypes.personErased,
    relayedBefore: before,
    remove: ['emails', 'phones'],
  });
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

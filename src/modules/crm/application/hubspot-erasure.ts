import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes, type PersonErasedPayload } from '../domain/crm-events.js';
import type { SyncRunError } from '../infrastructure/crm-sync.tables.js';
import { HubSpotAuthError } from '../infrastructure/hubspot-errors.js';
import { finishSyncRun, startSyncRun } from '../infrastructure/sync-state.repository.js';
import { hubspotConnectionOf } from './hubspot-connection.js';
import { needsAttentionMessage, recordFailure } from './hubspot-sync.js';

/**
 * An erasure here reaches HubSpot: each of the person's emails is GDPR-deleted there (the contact
 * and its history, permanently), recorded as an `erasure` sync run. A refused token is recorded
 * and not retried; an outage fails the delivery so the outbox retries it.
 */
export function hubspotErasureHandler(runtime: Runtime): EventHandler<PersonErasedPayload> {
  return {
    name: 'crm.hubspot-gdpr-delete',
    eventType: crmEventTypes.personErased,
    handle: async (event) => {
      const { orgId, emails } = event.payload;
      if (emails.length === 0) return;
      const connected = await hubspotConnectionOf(runtime, orgId);
      if (!connected) return;
      const run = await startSyncRun(runtime.db, orgId, 'hubspot', 'erasure');
      const errors: SyncRunError[] = [];
      let erased = 0;
      let failed = 0;
      let retry: unknown;
      if (connected.connection.status !== 'active')
        errors.push({ stage: 'connect', message: needsAttentionMessage });
      else
        try {
          for (const email of emails)
            if (await connected.client.gdprDeleteByEmail(email)) erased += 1;
        } catch (error) {
          failed = emails.length - erased;
          errors.push(await recordFailure(runtime, orgId, 'erase', error));
          if (!(error instanceof HubSpotAuthError)) retry = error;
        }
      await finishSyncRun(runtime.db, {
        orgId,
        id: run.id,
        pulled: 0,
        pushed: 0,
        skipped: 0,
        erased,
        failed,
        status: errors.length === 0 ? 'succeeded' : 'failed',
        errors,
      });
      if (retry) throw retry;
    },
  };
}

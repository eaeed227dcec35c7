import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes, type PersonErasedPayload } from '../domain/crm-events.js';
import { hubspotConnectionOf } from './hubspot-connection.js';
import { hubspotFailures } from './hubspot-sync.js';
import { runErasure } from './sync-run.js';

/**
 * An erasure here reaches HubSpot: each of the person's emails is GDPR-deleted there (the contact
 * and its history, permanently), recorded as an `erasure` sync run (sync-run.ts).
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
      await runErasure(
        runtime,
        orgId,
        connected.connection,
        hubspotFailures,
        emails,
        async (email) => ((await connected.client.gdprDeleteByEmail(email)) ? 1 : 0),
      );
    },
  };
}

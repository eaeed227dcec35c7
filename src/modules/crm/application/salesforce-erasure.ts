import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes, type PersonErasedPayload } from '../domain/crm-events.js';
import { soqlString } from '../domain/salesforce-lead.js';
import { salesforceConnectionOf } from './salesforce-connection.js';
import { salesforceFailures } from './salesforce-sync.js';
import { runErasure } from './sync-run.js';

/**
 * An erasure here reaches Salesforce: every Lead holding one of the person's emails is deleted
 * there, recorded as an `erasure` sync run (sync-run.ts). A REST delete moves the Lead to
 * Salesforce's recycle bin, which empties it after 15 days (docs/integrations.md).
 */
export function salesforceErasureHandler(runtime: Runtime): EventHandler<PersonErasedPayload> {
  return {
    name: 'crm.salesforce-delete-leads',
    eventType: crmEventTypes.personErased,
    handle: async (event) => {
      const { orgId, emails } = event.payload;
      if (emails.length === 0) return;
      const connected = await salesforceConnectionOf(runtime, orgId);
      if (!connected) return;
      const { client } = connected;
      await runErasure(
        runtime,
        orgId,
        connected.connection,
        salesforceFailures,
        emails,
        async (email) => {
          let erased = 0;
          let page = await client.query(`SELECT Id FROM Lead WHERE Email = ${soqlString(email)}`);
          for (;;) {
            for (const lead of page.records) if (await client.deleteLead(lead.Id)) erased += 1;
            if (!page.next) return erased;
            page = await client.nextPage(page.next);
          }
        },
      );
    },
  };
}

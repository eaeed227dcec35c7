import type { Runtime } from '../../../platform/runtime.js';
import {
  leadChanges,
  leadQueryFields,
  salesforceModifiedAt,
  soqlDateTime,
  type SalesforceLead,
} from '../domain/salesforce-lead.js';
import type { SalesforceClient } from '../infrastructure/salesforce-client.js';
import { advanceCursor, readCursor } from '../infrastructure/sync-state.repository.js';
import { applyPulledContact, type PulledRecord } from './apply-pulled-contact.js';
import type { PullCounts } from './sync-run.js';

/**
 * The Leads changed at or after the cursor, oldest first. At or after, not after: Salesforce's
 * modification times are whole seconds, so a Lead changed later in the second the last run saw
 * would otherwise be missed; one read again unchanged is a no-op.
 */
function changedLeadsQuery(pulledThrough: string | null): string {
  const since = pulledThrough
    ? ` WHERE LastModifiedDate >= ${soqlDateTime(Date.parse(pulledThrough))}`
    : '';
  return `SELECT ${leadQueryFields.join(', ')} FROM Lead${since} ORDER BY LastModifiedDate, Id`;
}

/**
 * Applies the Leads Salesforce changed since the stored cursor, following `nextRecordsUrl` page
 * by page (200 each) and moving the cursor after each page so a failure resumes where it stopped.
 */
export async function pullSalesforceLeads(
  runtime: Runtime,
  orgId: string,
  client: SalesforceClient,
): Promise<PullCounts> {
  const counts: PullCounts = { pulled: 0, skipped: 0, failed: 0, errors: [] };
  const cursor = await readCursor(runtime.db, orgId, 'salesforce', 'leads');
  let page = await client.query(changedLeadsQuery(cursor.pulledThrough));
  for (;;) {
    let lastSeen: number | undefined;
    for (const lead of page.records) {
      try {
        const outcome = await applyPulledContact(runtime, orgId, 'salesforce', toPulled(lead));
        if (outcome === 'applied') counts.pulled += 1;
        if (outcome === 'kept_ours') counts.skipped += 1;
      } catch (error) {
        counts.failed += 1;
        counts.errors.push(`Salesforce Lead ${lead.Id}: ${(error as Error).message}`);
      }
      lastSeen = salesforceModifiedAt(lead) ?? lastSeen;
    }
    if (lastSeen !== undefined)
      await advanceCursor(runtime.db, orgId, 'salesforce', 'leads', {
        pulledThrough: new Date(lastSeen).toISOString(),
      });
    if (!page.next) return counts;
    page = await client.nextPage(page.next);
  }
}

function toPulled(lead: SalesforceLead): PulledRecord {
  return {
    email: lead.Email ?? undefined,
    modifiedAt: salesforceModifiedAt(lead),
    changesAgainst: (ours) => leadChanges(lead, ours),
  };
}

import type { Runtime } from '../../../platform/runtime.js';
import {
  hubspotModifiedAt,
  hubspotSearchProperties,
  pulledChanges,
  type HubSpotContact,
} from '../domain/hubspot-contact.js';
import {
  hubspotBatchLimit,
  hubspotSearchResultLimit,
  type HubSpotClient,
} from '../infrastructure/hubspot-client.js';
import { advanceCursor, readCursor } from '../infrastructure/sync-state.repository.js';
import { applyPulledContact, type PullOutcome } from './apply-pulled-contact.js';
import type { PullCounts } from './sync-run.js';

/** The first sync takes every HubSpot contact. */
const beginning = new Date(0).toISOString();

function applyOne(runtime: Runtime, orgId: string, contact: HubSpotContact): Promise<PullOutcome> {
  return applyPulledContact(runtime, orgId, 'hubspot', {
    email: contact.properties.email ?? undefined,
    modifiedAt: hubspotModifiedAt(contact),
    changesAgainst: (ours) => pulledChanges(contact, ours),
  });
}

/**
 * Applies the contacts HubSpot changed since the stored cursor, oldest change first, and moves
 * the cursor after each page so a failure resumes where it stopped. A search reaches at most
 * 10,000 results, so before that the search starts again from the last change seen.
 */
export async function pullHubSpotContacts(
  runtime: Runtime,
  orgId: string,
  client: HubSpotClient,
): Promise<PullCounts> {
  const counts: PullCounts = { pulled: 0, skipped: 0, failed: 0, errors: [] };
  const cursor = await readCursor(runtime.db, orgId, 'hubspot', 'contacts');
  let since = cursor.pulledThrough ? new Date(cursor.pulledThrough).toISOString() : beginning;
  let after: string | undefined;
  let reached = 0;
  for (;;) {
    const page = await client.contactsModifiedAfter(since, hubspotSearchProperties, after);
    let lastSeen: number | undefined;
    for (const contact of page.results) {
      try {
        const outcome = await applyOne(runtime, orgId, contact);
        if (outcome === 'applied') counts.pulled += 1;
        if (outcome === 'kept_ours') counts.skipped += 1;
      } catch (error) {
        counts.failed += 1;
        counts.errors.push(`HubSpot contact ${contact.id}: ${(error as Error).message}`);
      }
      lastSeen = hubspotModifiedAt(contact) ?? lastSeen;
    }
    if (lastSeen !== undefined)
      await advanceCursor(runtime.db, orgId, 'hubspot', 'contacts', {
        pulledThrough: new Date(lastSeen).toISOString(),
      });
    if (!page.after) return counts;
    reached += page.results.length;
    if (reached + hubspotBatchLimit > hubspotSearchResultLimit && lastSeen !== undefined) {
      // One millisecond back: contacts changed in the same millisecond as the last one seen are
      // read again (unchanged, so a no-op) rather than skipped by the GT filter.
      since = new Date(lastSeen - 1).toISOString();
      after = undefined;
      reached = 0;
    } else after = page.after;
  }
}

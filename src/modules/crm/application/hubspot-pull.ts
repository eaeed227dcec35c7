import type { Runtime } from '../../../platform/runtime.js';
import { normaliseEmailAddress } from '../domain/contact-identity.js';
import {
  hubspotModifiedAt,
  hubspotSearchProperties,
  pulledChanges,
  theirsWins,
  type HubSpotContact,
} from '../domain/hubspot-contact.js';
import { findContactsByHashes } from '../infrastructure/contacts.repository.js';
import {
  hubspotBatchLimit,
  hubspotSearchResultLimit,
  type HubSpotClient,
} from '../infrastructure/hubspot-client.js';
import { advanceCursor, readCursor } from '../infrastructure/sync-state.repository.js';
import { captureLead, updateContact } from './capture-lead.js';
import { viewOf } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

export interface PullCounts {
  /** HubSpot changes applied here (contacts created or updated). */
  pulled: number;
  /** HubSpot changes not applied because ours were newer. */
  skipped: number;
  failed: number;
  errors: string[];
}

type Outcome = 'applied' | 'kept_ours' | 'unchanged';

/** The first sync takes every HubSpot contact. */
const beginning = new Date(0).toISOString();

async function applyOne(
  runtime: Runtime,
  orgId: string,
  contact: HubSpotContact,
): Promise<Outcome> {
  const email = contact.properties.email?.trim();
  if (!email) return 'unchanged';
  const crypto = crmServicesFor(runtime).crypto;
  const emailHash = crypto.lookupHash(normaliseEmailAddress(email));
  return runtime.db.transaction(async (tx) => {
    const [ours] = await findContactsByHashes(tx, orgId, { emailHash });
    if (!ours) {
      const changes = pulledChanges(contact, {});
      await captureLead(
        runtime,
        tx,
        orgId,
        { ...changes, email, medium: 'hubspot' },
        { source: 'api', upsert: true },
      );
      return 'applied';
    }
    const view = viewOf(ours, crypto);
    const changes = pulledChanges(contact, view);
    if (Object.keys(changes).length === 0) return 'unchanged';
    if (!theirsWins(hubspotModifiedAt(contact) ?? 0, Date.parse(ours.updatedAt)))
      return 'kept_ours';
    await updateContact(runtime, tx, orgId, ours.id, changes);
    return 'applied';
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

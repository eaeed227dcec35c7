import type { Runtime } from '../../../platform/runtime.js';
import { hubspotPropertiesOf } from '../domain/hubspot-contact.js';
import { hubspotBatchLimit, type HubSpotClient } from '../infrastructure/hubspot-client.js';
import { advanceCursor, readCursor } from '../infrastructure/sync-state.repository.js';
import {
  contactsChangedAfter,
  type ChangeKey,
} from '../infrastructure/sync-contacts.repository.js';
import { exportRecordsOf } from './export-contacts.js';
import type { PushCounts } from './sync-run.js';

/**
 * Sends the contacts changed here since the stored cursor to HubSpot, 100 per batch upsert by
 * email (HubSpot's batch limit), moving the cursor after each batch.
 */
export async function pushHubSpotContacts(
  runtime: Runtime,
  orgId: string,
  client: HubSpotClient,
): Promise<PushCounts> {
  const counts: PushCounts = { pushed: 0, failed: 0, errors: [] };
  const { pushedThrough } = await readCursor(runtime.db, orgId, 'hubspot', 'contacts');
  let after: ChangeKey | null = null;
  for (;;) {
    const rows = await contactsChangedAfter(
      runtime.db,
      orgId,
      pushedThrough,
      after,
      hubspotBatchLimit,
    );
    if (rows.length === 0) return counts;
    const inputs = (await exportRecordsOf(runtime, orgId, rows)).flatMap((contact) => {
      const properties = hubspotPropertiesOf(contact);
      return properties ? [{ email: contact.email!, properties }] : [];
    });
    const results = await client.upsertContactsByEmail(inputs);
    counts.pushed += results.length;
    // A 207 answer lists the inputs it refused under `errors`: they are the ones without a result.
    counts.failed += inputs.length - results.length;
    const last = rows.at(-1)!;
    after = { updatedAt: last.updatedAt, id: last.id };
    await advanceCursor(runtime.db, orgId, 'hubspot', 'contacts', {
      pushedThrough: last.updatedAt,
    });
    if (rows.length < hubspotBatchLimit) return counts;
  }
}

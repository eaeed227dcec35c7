import type { Runtime } from '../../../platform/runtime.js';
import { HubSpotAuthError } from '../infrastructure/hubspot-errors.js';
import type { SyncRunRow } from '../infrastructure/sync-state.repository.js';
import { hubspotConnectionOf } from './hubspot-connection.js';
import { pullHubSpotContacts } from './hubspot-pull.js';
import { pushHubSpotContacts } from './hubspot-push.js';
import { runContactSync, type SyncFailurePolicy } from './sync-run.js';

export const hubspotFailures: SyncFailurePolicy = {
  provider: 'hubspot',
  isAuthError: (error) => error instanceof HubSpotAuthError,
  needsAttentionMessage:
    'HubSpot refused the access token (deleted, rotated or expired): connect HubSpot again with a valid private-app token',
};

/**
 * One two-way sync of contacts with HubSpot (sync-run.ts). Undefined when the organisation has
 * not connected HubSpot.
 */
export async function runHubSpotSync(
  runtime: Runtime,
  orgId: string,
  trigger: 'schedule' | 'manual',
): Promise<SyncRunRow | undefined> {
  const connected = await hubspotConnectionOf(runtime, orgId);
  if (!connected) return undefined;
  return runContactSync(runtime, orgId, trigger, connected.connection, hubspotFailures, {
    pull: () => pullHubSpotContacts(runtime, orgId, connected.client),
    push: () => pushHubSpotContacts(runtime, orgId, connected.client),
  });
}

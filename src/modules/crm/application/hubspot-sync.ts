import type { Runtime } from '../../../platform/runtime.js';
import type { SyncRunError } from '../infrastructure/crm-sync.tables.js';
import { HubSpotAuthError } from '../infrastructure/hubspot-errors.js';
import { markNeedsAttention } from '../infrastructure/sync-connections.repository.js';
import {
  finishSyncRun,
  startSyncRun,
  type SyncRunRow,
} from '../infrastructure/sync-state.repository.js';
import { hubspotConnectionOf } from './hubspot-connection.js';
import { pullHubSpotContacts } from './hubspot-pull.js';
import { pushHubSpotContacts } from './hubspot-push.js';

/** Errors kept on a run: enough to act on, bounded however many contacts fail. */
const errorsKept = 20;

export const needsAttentionMessage =
  'HubSpot refused the access token (deleted, rotated or expired): connect HubSpot again with a valid private-app token';

/**
 * A failure that stops the run. A refused token also stops every later call for the organisation
 * until an owner or admin connects again: retrying with it would only be refused again.
 */
export async function recordFailure(
  runtime: Runtime,
  orgId: string,
  stage: SyncRunError['stage'],
  error: unknown,
): Promise<SyncRunError> {
  if (error instanceof HubSpotAuthError) {
    await markNeedsAttention(runtime.db, orgId, 'hubspot', error.message);
    return { stage, message: needsAttentionMessage };
  }
  return { stage, message: (error as Error).message };
}

/**
 * One two-way sync of contacts: HubSpot's changes first (applied when newer than ours), then
 * ours (including what was just applied, which HubSpot then already holds). Undefined when the
 * organisation has not connected HubSpot.
 */
export async function runHubSpotSync(
  runtime: Runtime,
  orgId: string,
  trigger: 'schedule' | 'manual',
): Promise<SyncRunRow | undefined> {
  const connected = await hubspotConnectionOf(runtime, orgId);
  if (!connected) return undefined;
  const run = await startSyncRun(runtime.db, orgId, 'hubspot', trigger);
  const counts = { pulled: 0, pushed: 0, skipped: 0, erased: 0, failed: 0 };
  const errors: SyncRunError[] = [];
  if (connected.connection.status !== 'active') {
    errors.push({ stage: 'connect', message: needsAttentionMessage });
  } else {
    let stage: SyncRunError['stage'] = 'pull';
    try {
      const pulled = await pullHubSpotContacts(runtime, orgId, connected.client);
      Object.assign(counts, { pulled: pulled.pulled, skipped: pulled.skipped });
      counts.failed += pulled.failed;
      errors.push(...pulled.errors.map((message) => ({ stage, message })));
      stage = 'push';
      const pushed = await pushHubSpotContacts(runtime, orgId, connected.client);
      counts.pushed = pushed.pushed;
      counts.failed += pushed.failed;
    } catch (error) {
      errors.push(await recordFailure(runtime, orgId, stage, error));
    }
  }
  return finishSyncRun(runtime.db, {
    orgId,
    id: run.id,
    ...counts,
    status: errors.length === 0 && counts.failed === 0 ? 'succeeded' : 'failed',
    errors: errors.slice(0, errorsKept),
  });
}

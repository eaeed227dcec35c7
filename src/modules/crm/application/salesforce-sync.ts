import type { Runtime } from '../../../platform/runtime.js';
import { SalesforceAuthError } from '../infrastructure/salesforce-errors.js';
import type { SyncRunRow } from '../infrastructure/sync-state.repository.js';
import { salesforceConnectionOf } from './salesforce-connection.js';
import { pullSalesforceLeads } from './salesforce-pull.js';
import { pushSalesforceLeads } from './salesforce-push.js';
import { runContactSync, type SyncFailurePolicy } from './sync-run.js';

export const salesforceFailures: SyncFailurePolicy = {
  provider: 'salesforce',
  isAuthError: (error) => error instanceof SalesforceAuthError,
  needsAttentionMessage:
    'Salesforce refused the access token (INVALID_SESSION_ID: expired or revoked): connect Salesforce again with a valid access token',
};

/**
 * One two-way sync of contacts as Salesforce Leads (sync-run.ts). Undefined when the
 * organisation has not connected Salesforce.
 */
export async function runSalesforceSync(
  runtime: Runtime,
  orgId: string,
  trigger: 'schedule' | 'manual',
): Promise<SyncRunRow | undefined> {
  const connected = await salesforceConnectionOf(runtime, orgId);
  if (!connected) return undefined;
  return runContactSync(runtime, orgId, trigger, connected.connection, salesforceFailures, {
    pull: () => pullSalesforceLeads(runtime, orgId, connected.client),
    push: () => pushSalesforceLeads(runtime, orgId, connected.client),
  });
}

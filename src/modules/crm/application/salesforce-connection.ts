import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { VendorPolicies } from '../../../platform/vendor-policy.js';
import { SalesforceClient } from '../infrastructure/salesforce-client.js';
import {
  SalesforceAuthError,
  SalesforceError,
  isTransientSalesforceError,
} from '../infrastructure/salesforce-errors.js';
import { checkedInstanceUrl } from '../infrastructure/salesforce-instance.js';
import {
  deleteSyncConnection,
  findSyncConnection,
  saveSyncConnection,
  type SyncConnection,
  type SyncConnectionRow,
} from '../infrastructure/sync-connections.repository.js';
import { forgetCursors } from '../infrastructure/sync-state.repository.js';
import { crmServicesFor } from './crm-services.js';

const policies = new WeakMap<Runtime, VendorPolicies>();

/**
 * Salesforce's request limit is a rolling 24 hours and says no Retry-After: a short wait helps
 * only with concurrent-request spikes, so one retry never waits longer than this.
 */
const salesforceMaxDelayMs = 20_000;

/** A Salesforce client for an instance and token; one retry and circuit policy per connection. */
function salesforceClient(
  runtime: Runtime,
  instanceUrl: string,
  token: string,
  connectionKey: string,
): SalesforceClient {
  let existing = policies.get(runtime);
  if (!existing) {
    existing = new VendorPolicies({
      vendor: 'Salesforce',
      retryBaseMs: runtime.config.salesforce.retryBaseMs,
      maxDelayMs: salesforceMaxDelayMs,
      isTransient: isTransientSalesforceError,
      circuitOpen: (message) => new AppError('dependency_unavailable', message),
    });
    policies.set(runtime, existing);
  }
  return new SalesforceClient(instanceUrl, token, connectionKey, existing);
}

/** The organisation's Salesforce connection and a client for it, if it connected one. */
export async function salesforceConnectionOf(
  runtime: Runtime,
  orgId: string,
): Promise<{ connection: SyncConnection; client: SalesforceClient } | undefined> {
  const connection = await findSyncConnection(
    runtime.db,
    crmServicesFor(runtime).crypto,
    orgId,
    'salesforce',
  );
  if (!connection?.instanceUrl) return undefined;
  return {
    connection,
    client: salesforceClient(runtime, connection.instanceUrl, connection.token, connection.id),
  };
}

/** The organization a token opens; a token Salesforce refuses is the caller's mistake (400). */
async function verifiedOrganization(client: SalesforceClient): Promise<string> {
  try {
    return await client.organizationId();
  } catch (error) {
    // userinfo answers a bad token with 403 (Bad_OAuth_Token), the data API with 401.
    if (
      error instanceof SalesforceAuthError ||
      (error instanceof SalesforceError &&
        error.status === 403 &&
        !isTransientSalesforceError(error))
    )
      throw AppError.validation('Salesforce refused the access token', [
        {
          field: 'body.access_token',
          message: `is not a valid access token for this Salesforce instance (${error.message})`,
        },
      ]);
    throw new AppError(
      'dependency_unavailable',
      'Salesforce could not be reached at the instance URL to check the token',
    );
  }
}

/**
 * Connects Salesforce with the org's instance URL and a connected app's access token: the URL is
 * checked (public https host), the token by reading the user's organization, and both are stored
 * (the token encrypted) only if Salesforce accepts it. Another org starts the sync afresh.
 */
export async function connectSalesforce(
  runtime: Runtime,
  orgId: string,
  input: { instanceUrl: string; token: string },
  connectedBy: string,
): Promise<SyncConnectionRow> {
  const checked = await checkedInstanceUrl(
    input.instanceUrl,
    runtime.config.salesforce.allowLoopback,
  );
  if ('problem' in checked)
    throw AppError.validation('The Salesforce instance URL cannot be used', [
      { field: 'body.instance_url', message: checked.problem },
    ]);
  const existing = await salesforceConnectionOf(runtime, orgId);
  const organizationId = await verifiedOrganization(
    salesforceClient(runtime, checked.url, input.token, `connect:${orgId}`),
  );
  const row = await saveSyncConnection(runtime.db, crmServicesFor(runtime).crypto, {
    orgId,
    provider: 'salesforce',
    token: input.token,
    externalAccountId: organizationId,
    currency: null,
    instanceUrl: checked.url,
    connectedBy,
  });
  if (existing && existing.connection.externalAccountId !== row.externalAccountId)
    await forgetCursors(runtime.db, orgId, 'salesforce');
  return row;
}

/** Forgets the token and the sync cursors; false when nothing was connected. */
export async function disconnectSalesforce(runtime: Runtime, orgId: string): Promise<boolean> {
  if (!(await deleteSyncConnection(runtime.db, orgId, 'salesforce'))) return false;
  await forgetCursors(runtime.db, orgId, 'salesforce');
  return true;
}

import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { HubSpotClient, type HubSpotAccount } from '../infrastructure/hubspot-client.js';
import { VendorPolicies } from '../../../platform/vendor-policy.js';
import {
  HubSpotAuthError,
  HubSpotError,
  isTransientHubSpotError,
} from '../infrastructure/hubspot-errors.js';
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
 * HubSpot's limit for a private app is a rolling 10-second window and its 429 says no
 * Retry-After: waiting longer than one window never helps.
 */
const hubspotWindowMs = 10_000;

/** A HubSpot client for a token; one retry and circuit-breaker policy per connection. */
export function hubspotClient(
  runtime: Runtime,
  token: string,
  connectionKey: string,
): HubSpotClient {
  let existing = policies.get(runtime);
  if (!existing) {
    existing = new VendorPolicies({
      vendor: 'HubSpot',
      retryBaseMs: runtime.config.hubspot.retryBaseMs,
      maxDelayMs: hubspotWindowMs,
      isTransient: isTransientHubSpotError,
      circuitOpen: (message) => new AppError('dependency_unavailable', message),
    });
    policies.set(runtime, existing);
  }
  return new HubSpotClient(runtime.config.hubspot.apiBaseUrl, token, connectionKey, existing);
}

/** The organisation's HubSpot connection and a client for it, if it connected one. */
export async function hubspotConnectionOf(
  runtime: Runtime,
  orgId: string,
): Promise<{ connection: SyncConnection; client: HubSpotClient } | undefined> {
  const connection = await findSyncConnection(
    runtime.db,
    crmServicesFor(runtime).crypto,
    orgId,
    'hubspot',
  );
  if (!connection) return undefined;
  return { connection, client: hubspotClient(runtime, connection.token, connection.id) };
}

/** The account a token opens; a token HubSpot refuses is the caller's mistake (400). */
async function verifiedAccount(client: HubSpotClient): Promise<HubSpotAccount> {
  try {
    return await client.accountDetails();
  } catch (error) {
    if (
      error instanceof HubSpotAuthError ||
      (error instanceof HubSpotError && error.status === 403)
    )
      throw AppError.validation('HubSpot refused the access token', [
        {
          field: 'body.access_token',
          message: `is not a valid private-app token for a HubSpot account (${error.message})`,
        },
      ]);
    throw new AppError('dependency_unavailable', 'HubSpot could not be reached to check the token');
  }
}

/**
 * Connects HubSpot with a private app's access token: the token is checked by reading the
 * account's details (portal id, currency) and stored encrypted only if HubSpot accepts it. A
 * token of another portal starts the sync afresh (the old portal's cursors mean nothing there).
 */
export async function connectHubSpot(
  runtime: Runtime,
  orgId: string,
  token: string,
  connectedBy: string,
): Promise<SyncConnectionRow> {
  const existing = await hubspotConnectionOf(runtime, orgId);
  const account = await verifiedAccount(hubspotClient(runtime, token, `connect:${orgId}`));
  const row = await saveSyncConnection(runtime.db, crmServicesFor(runtime).crypto, {
    orgId,
    provider: 'hubspot',
    token,
    externalAccountId: String(account.portalId),
    currency: account.currency,
    instanceUrl: null,
    connectedBy,
  });
  if (existing && existing.connection.externalAccountId !== row.externalAccountId)
    await forgetCursors(runtime.db, orgId, 'hubspot');
  return row;
}

/** Forgets the token and the sync cursors; false when nothing was connected. */
export async function disconnectHubSpot(runtime: Runtime, orgId: string): Promise<boolean> {
  if (!(await deleteSyncConnection(runtime.db, orgId, 'hubspot'))) return false;
  await forgetCursors(runtime.db, orgId, 'hubspot');
  return true;
}

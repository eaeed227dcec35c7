import { AppError } from '../../../platform/errors/app-error.js';
import type {
  CrmSyncAdapter,
  ProviderRecord,
  SyncProvider,
  SyncReport,
} from '../domain/crm-sync.js';

const names: Record<SyncProvider, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  zendesk: 'Zendesk',
};

export function notConfigured(provider: SyncProvider): AppError {
  // A missing integration is this deployment's setup, not an outage: retrying cannot help.
  return new AppError(
    'unprocessable',
    `${names[provider]} sync is not configured; export contacts as CSV or JSON (GET /api/v1/contacts/export) and import them there`,
    { provider, configured: false },
  );
}

/**
 * The adapter of a provider without credentials: it says so instead of pretending to sync. A
 * real adapter (HubSpot private app token, Salesforce connected app, Zendesk API token) takes
 * its place behind the same interface; until then CSV/JSON export and import move the data.
 */
export class NotConfiguredSyncAdapter implements CrmSyncAdapter {
  readonly configured = false;

  constructor(readonly provider: SyncProvider) {}

  pushContacts(_orgId: string, _records: readonly ProviderRecord[]): Promise<SyncReport> {
    return Promise.reject(notConfigured(this.provider));
  }
}

export function syncAdapterFor(provider: SyncProvider): CrmSyncAdapter {
  return new NotConfiguredSyncAdapter(provider);
}

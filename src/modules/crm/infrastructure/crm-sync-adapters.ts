import { AppError } from '../../../platform/errors/app-error.js';
import type { SyncProvider } from '../domain/crm-sync.js';

const names: Record<SyncProvider, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  zendesk: 'Zendesk',
};

/**
 * The answer for a provider the organisation has not connected (Zendesk has no adapter yet;
 * HubSpot and Salesforce until they are connected): CSV/JSON export and import move the data
 * meanwhile.
 */
export function notConfigured(provider: SyncProvider): AppError {
  // A missing integration is this organisation's setup, not an outage: retrying cannot help.
  return new AppError(
    'unprocessable',
    `${names[provider]} sync is not configured; export contacts as CSV or JSON (GET /api/v1/contacts/export) and import them there`,
    { provider, configured: false },
  );
}

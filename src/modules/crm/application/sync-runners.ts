import type { Runtime } from '../../../platform/runtime.js';
import type { SyncProvider } from '../domain/crm-sync.js';
import type { SyncRunRow } from '../infrastructure/sync-state.repository.js';
import { runHubSpotSync } from './hubspot-sync.js';
import { runSalesforceSync } from './salesforce-sync.js';

/** One sync run with a provider; undefined when the organisation has not connected it. */
export type SyncRunner = (
  runtime: Runtime,
  orgId: string,
  trigger: 'schedule' | 'manual',
) => Promise<SyncRunRow | undefined>;

/** The providers a sync runs with today, on demand and on schedule (Zendesk has no adapter yet). */
export const syncRunners = {
  hubspot: runHubSpotSync,
  salesforce: runSalesforceSync,
} as const satisfies Partial<Record<SyncProvider, SyncRunner>>;

export type SyncedProvider = keyof typeof syncRunners;

export function isSynced(provider: SyncProvider): provider is SyncedProvider {
  return provider in syncRunners;
}

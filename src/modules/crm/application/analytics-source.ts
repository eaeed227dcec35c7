import type { Runtime } from '../../../platform/runtime.js';
import {
  changedScopes,
  factsOfScopes,
  type ChangedCrmScope,
  type CrmFactRow,
  type CrmScope,
} from '../infrastructure/analytics-source.repository.js';

export type {
  ChangedCrmScope,
  CrmFactRow,
  CrmScope,
} from '../infrastructure/analytics-source.repository.js';

/**
 * What the analytics ETL reads from PromptCRM: the (organisation, campaign) pairs whose contacts
 * or deals were written in (since, until], then all their leads and won deals. A deal that was won
 * and then reopened or lost changes its campaign's figures on another day than its last write, so
 * the whole campaign is recomputed, not only the days of the changed rows.
 */
export function crmChangedScopes(
  runtime: Runtime,
  since: string,
  until: string,
): Promise<ChangedCrmScope[]> {
  return changedScopes(runtime.db, since, until);
}

export function crmScopeFacts(
  runtime: Runtime,
  scopes: readonly CrmScope[],
): Promise<CrmFactRow[]> {
  return factsOfScopes(runtime.db, scopes);
}

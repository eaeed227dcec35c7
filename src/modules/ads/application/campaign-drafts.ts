import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { isEditable, type CampaignState } from '../domain/campaign-state.js';
import {
  adSetsOfCampaigns,
  deleteCampaign,
  findCampaign,
  insertCampaign,
  updateCampaign,
  type CampaignRow,
} from '../infrastructure/campaigns.repository.js';

/** A campaign as its author writes it, before approval. */
export interface CampaignInput {
  brand: string;
  name: string;
  objective: CampaignRow['objective'];
  countries: CampaignRow['countries'];
  cities: CampaignRow['cities'];
  budgetMinor: number;
  currency: string;
  startDate: string;
  endDate: string;
}

async function loadCampaign(runtime: Runtime, orgId: string, id: string): Promise<CampaignRow> {
  const row = await findCampaign(runtime.db, orgId, id);
  if (!row) throw AppError.notFound('Campaign', id);
  return row;
}

export async function createCampaign(
  runtime: Runtime,
  orgId: string,
  input: CampaignInput,
  createdBy: string,
): Promise<CampaignRow> {
  return insertCampaign(runtime.db, orgId, {
    id: uuidv7(),
    ...input,
    status: 'draft',
    approvedBy: null,
    approvedAt: null,
    createdBy,
  });
}

/**
 * Changes the fields given, before approval. The dates stay in order and the budget never falls
 * below an ad set's daily budget (the rule an ad set meets when it is added).
 */
export async function changeCampaign(
  runtime: Runtime,
  orgId: string,
  id: string,
  changes: Partial<CampaignInput>,
): Promise<CampaignRow> {
  const current = await loadCampaign(runtime, orgId, id);
  if (!isEditable(current.status as CampaignState))
    throw new AppError('conflict', `A ${current.status} campaign can no longer be edited`);
  const start = changes.startDate ?? current.startDate;
  const end = changes.endDate ?? current.endDate;
  if (end < start)
    throw AppError.validation('The dates are out of order', [
      { field: 'end_date', message: 'must not be before start_date' },
    ]);
  if (changes.budgetMinor !== undefined && changes.budgetMinor < current.budgetMinor) {
    const largest = Math.max(
      0,
      ...(await adSetsOfCampaigns(runtime.db, orgId, [current.id])).map(
        (adSet) => adSet.dailyBudgetMinor,
      ),
    );
    if (changes.budgetMinor < largest)
      throw AppError.validation('The budget is below an ad set’s daily budget', [
        { field: 'budget.amount_minor', message: `must be ≥ ${largest}` },
      ]);
  }
  const row = await updateCampaign(runtime.db, orgId, current.id, changes, current.status);
  if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; read it again');
  return row;
}

/** Deletes a draft campaign with its ad sets and ads. */
export async function removeCampaign(runtime: Runtime, orgId: string, id: string): Promise<void> {
  const current = await loadCampaign(runtime, orgId, id);
  if (current.status !== 'draft')
    throw new AppError('conflict', 'Only a draft campaign can be deleted; finish it instead');
  await runtime.db.transaction((tx) => deleteCampaign(tx, orgId, current.id));
}

import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { assertReferences } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { isEditable, type CampaignState } from '../domain/campaign-state.js';
import type { Channel } from '../domain/channels.js';
import type { Targeting } from '../infrastructure/ads.tables.js';
import { findAudience } from '../infrastructure/audiences.repository.js';
import {
  deleteAd,
  deleteAdSet,
  findAd,
  findAdSet,
  findCampaign,
  insertAd,
  insertAdSet,
  updateAd,
  type AdRow,
  type AdSetRow,
} from '../infrastructure/campaigns.repository.js';

/*
 * A campaign's structure (its ad sets and their ads) changes only before approval: the use cases
 * every transport calls, with the rules that hold whoever calls them.
 */

export interface AdSetInput {
  campaignId: string;
  name: string;
  channel: Channel;
  targeting: Targeting;
  dailyBudgetMinor: number;
  pacing: 'standard' | 'accelerated';
  startDate: string | null;
  endDate: string | null;
  crmSegmentId: string | null;
  /** A saved audience: its targeting (and CRM segment) replace `targeting`. */
  audienceId: string | null;
}

export interface AdInput {
  adSetId: string;
  variant: string;
  headline: string;
  body: string;
  callToAction: string;
  contentAssetId: string | null;
}

export type AdChanges = Partial<Omit<AdInput, 'adSetId'>>;

async function editableCampaign(runtime: Runtime, orgId: string, campaignId: string) {
  const campaign = await findCampaign(runtime.db, orgId, campaignId);
  if (!campaign) throw AppError.notFound('Campaign', campaignId);
  if (!isEditable(campaign.status as CampaignState))
    throw new AppError(
      'conflict',
      `The campaign is ${campaign.status}: its structure changes only before approval`,
    );
  return campaign;
}

export async function createAdSet(
  runtime: Runtime,
  orgId: string,
  input: AdSetInput,
): Promise<AdSetRow> {
  await assertReferences(runtime, orgId, [
    { field: 'body.campaign_id', kind: 'ads.campaign', id: input.campaignId },
    { field: 'body.audience_id', kind: 'ads.audience', id: input.audienceId },
    { field: 'body.crm_segment_id', kind: 'crm.segment', id: input.crmSegmentId },
  ]);
  const campaign = await editableCampaign(runtime, orgId, input.campaignId);
  if (input.dailyBudgetMinor > campaign.budgetMinor)
    throw AppError.validation('The daily budget exceeds the campaign budget', [
      { field: 'daily_budget_minor', message: `must be ≤ ${campaign.budgetMinor}` },
    ]);
  const audience = input.audienceId
    ? await findAudience(runtime.db, orgId, input.audienceId)
    : undefined;
  if (input.audienceId && !audience) throw AppError.notFound('Audience', input.audienceId);
  return insertAdSet(runtime.db, orgId, {
    id: uuidv7(),
    campaignId: campaign.id,
    name: input.name,
    channel: input.channel,
    targeting: audience ? audience.targeting : input.targeting,
    dailyBudgetMinor: input.dailyBudgetMinor,
    pacing: input.pacing,
    startDate: input.startDate,
    endDate: input.endDate,
    crmSegmentId: input.crmSegmentId ?? audience?.crmSegmentId ?? null,
    audienceId: audience?.id ?? null,
  });
}

/** Deletes an ad set and its ads. */
export async function removeAdSet(runtime: Runtime, orgId: string, id: string): Promise<void> {
  const row = await findAdSet(runtime.db, orgId, id);
  if (!row) throw AppError.notFound('Ad set', id);
  await editableCampaign(runtime, orgId, row.campaignId);
  await runtime.db.transaction((tx) => deleteAdSet(tx, orgId, row.id));
}

export async function createAd(runtime: Runtime, orgId: string, input: AdInput): Promise<AdRow> {
  await assertReferences(runtime, orgId, [
    { field: 'body.ad_set_id', kind: 'ads.ad-set', id: input.adSetId },
    { field: 'body.content_asset_id', kind: 'content.asset', id: input.contentAssetId },
  ]);
  const adSet = await findAdSet(runtime.db, orgId, input.adSetId);
  if (!adSet) throw AppError.notFound('Ad set', input.adSetId);
  await editableCampaign(runtime, orgId, adSet.campaignId);
  return insertAd(runtime.db, orgId, {
    id: uuidv7(),
    campaignId: adSet.campaignId,
    adSetId: adSet.id,
    variant: input.variant,
    headline: input.headline,
    body: input.body,
    callToAction: input.callToAction,
    contentAssetId: input.contentAssetId,
    status: 'active',
    externalId: null,
    channelStatus: null,
    channelStatusAt: null,
  });
}

/** Changes an ad's creative. */
export async function changeAd(
  runtime: Runtime,
  orgId: string,
  id: string,
  changes: AdChanges,
): Promise<AdRow> {
  const current = await findAd(runtime.db, orgId, id);
  if (!current) throw AppError.notFound('Ad', id);
  await editableCampaign(runtime, orgId, current.campaignId);
  await assertReferences(runtime, orgId, [
    { field: 'body.content_asset_id', kind: 'content.asset', id: changes.contentAssetId },
  ]);
  const row = await updateAd(runtime.db, orgId, current.id, changes);
  if (!row) throw AppError.notFound('Ad', id);
  return row;
}

export async function removeAd(runtime: Runtime, orgId: string, id: string): Promise<void> {
  const current = await findAd(runtime.db, orgId, id);
  if (!current) throw AppError.notFound('Ad', id);
  await editableCampaign(runtime, orgId, current.campaignId);
  await deleteAd(runtime.db, orgId, current.id);
}

import { assertWithinQuota } from '../../billing/index.js';
import { activeCampaignStatuses } from '../infrastructure/usage-meters.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  transitionCampaign,
  type CampaignAction,
  type CampaignState,
} from '../domain/campaign-state.js';
import type { Channel } from '../domain/channels.js';
import {
  adSetsOfCampaigns,
  adsOfCampaign,
  findAd,
  findAdSet,
  findCampaign,
  updateAd,
  updateCampaign,
  type AdRow,
  type CampaignRow,
} from '../infrastructure/campaigns.repository.js';
import { adapterFor } from './ads-services.js';
import { deliverableAd } from './deliverable-ad.js';
import { deliveryJob } from './delivery.job.js';
import { withChannelRetry } from './with-channel-retry.js';

export function illegalTransition(from: string, action: string, allowedFrom: readonly string[]) {
  return new AppError(
    'conflict',
    `A campaign cannot ${action} while it is ${from} (only from ${allowedFrom.join(' or ')})`,
    { from, action, allowed_from: allowedFrom },
  );
}

/**
 * Moves a campaign through its life. Approval schedules it and asks the delivery job to start it
 * at once when its start date has come; pause and resume reach the channels.
 */
export async function moveCampaign(
  runtime: Runtime,
  orgId: string,
  campaignId: string,
  action: CampaignAction,
  actor: string,
): Promise<CampaignRow> {
  const campaign = await findCampaign(runtime.db, orgId, campaignId);
  if (!campaign) throw AppError.notFound('Campaign', campaignId);
  const step = transitionCampaign(campaign.status as CampaignState, action);
  if (!step.ok) throw illegalTransition(step.error.from, action, step.error.allowedFrom);
  if (activeCampaignStatuses.includes(step.to) && !activeCampaignStatuses.includes(campaign.status))
    await assertWithinQuota(runtime, orgId, 'active_campaigns');
  if (action === 'submit') {
    const ads = await adsOfCampaign(runtime.db, orgId, campaignId);
    if (ads.length === 0)
      throw new AppError('unprocessable', 'A campaign needs at least one ad before approval');
  }
  const now = new Date().toISOString();
  const moved = await runtime.db.transaction(async (tx) => {
    const row = await updateCampaign(
      tx,
      orgId,
      campaignId,
      {
        status: step.to,
        ...(action === 'approve' ? { approvedBy: actor, approvedAt: now } : {}),
      },
      campaign.status,
    );
    if (!row) return undefined;
    await runtime.events.publish(tx, {
      type: `ads.campaign-${step.to.replace('_', '-')}`,
      orgId,
      payload: { campaignId, from: campaign.status, to: step.to, by: actor },
    });
    if (action === 'approve')
      await runtime.jobs.send(deliveryJob(runtime), { orgId, campaignId }, { transaction: tx });
    return row;
  });
  // Someone else moved it between the read and the write.
  if (!moved) throw illegalTransition(campaign.status, action, [campaign.status]);
  if (action === 'pause' || action === 'resume') await toChannels(runtime, moved, action);
  return moved;
}

async function toChannels(runtime: Runtime, campaign: CampaignRow, action: 'pause' | 'resume') {
  const sets = await adSetsOfCampaigns(runtime.db, campaign.orgId, [campaign.id]);
  const ads = await adsOfCampaign(runtime.db, campaign.orgId, campaign.id);
  for (const adSet of sets) {
    const inSet = ads.filter((ad) => ad.adSetId === adSet.id && ad.externalId);
    for (const ad of inSet) {
      const adapter = adapterFor(runtime, adSet.channel as Channel);
      const deliverable = deliverableAd(ad, adSet, campaign, inSet.length);
      await withChannelRetry(() =>
        action === 'pause' ? adapter.pause(deliverable) : adapter.resume(deliverable),
      );
    }
  }
}

/** Pauses or resumes one ad (its campaign keeps running). */
export async function setAdPaused(
  runtime: Runtime,
  orgId: string,
  adId: string,
  paused: boolean,
): Promise<AdRow> {
  const ad = await findAd(runtime.db, orgId, adId);
  if (!ad) throw AppError.notFound('Ad', adId);
  const target = paused ? 'paused' : 'active';
  if (ad.status === target)
    throw new AppError('conflict', `The ad is already ${target}`, { from: ad.status });
  const [adSet, campaign] = await Promise.all([
    findAdSet(runtime.db, orgId, ad.adSetId),
    findCampaign(runtime.db, orgId, ad.campaignId),
  ]);
  if (adSet && campaign && ad.externalId) {
    const adapter = adapterFor(runtime, adSet.channel as Channel);
    const deliverable = deliverableAd(ad, adSet, campaign, 1);
    await withChannelRetry(() =>
      paused ? adapter.pause(deliverable) : adapter.resume(deliverable),
    );
  }
  const updated = await updateAd(runtime.db, orgId, adId, { status: target });
  if (!updated) throw AppError.notFound('Ad', adId);
  return updated;
}

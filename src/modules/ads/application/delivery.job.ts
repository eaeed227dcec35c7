import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { Channel } from '../domain/channels.js';
import { transitionCampaign } from '../domain/campaign-state.js';
import {
  adSetsOfCampaigns,
  adsOfCampaign,
  campaignsDue,
  findCampaign,
  updateAd,
  updateCampaign,
  type CampaignRow,
} from '../infrastructure/campaigns.repository.js';
import { upsertFacts } from '../infrastructure/performance.repository.js';
import { setInfluencerReactions } from '../infrastructure/sentiment.repository.js';
import { channelProfiles } from '../domain/channels.js';
import type { ChannelMetricsRow } from '../domain/channel-adapter.js';
import { adapterFor } from './ads-services.js';
import { recordComments } from './comment-sentiment.js';
import { deliverableAd } from './deliverable-ad.js';
import { withChannelRetry } from './with-channel-retry.js';

const payload = z.object({ orgId: z.uuid().optional(), campaignId: z.uuid().optional() });
export type DeliveryPayload = z.infer<typeof payload>;

/** The queue, for `send` (on approval) without the runtime. */
export const deliveryQueue = {
  name: 'ads.deliver-campaigns',
  payload,
  retryLimit: 2,
  retryDelaySeconds: 5,
  concurrency: 4,
  expireInSeconds: 300,
} as const;

/** Days of facts re-fetched per run: late channel corrections of the last days are picked up. */
const lookbackDays = 2;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Starts scheduled campaigns whose start date has come (publishing their ads at the channels),
 * finishes those past their end date, and upserts the channels' metrics of active ads into the
 * daily facts. Every minute by cron, and for one campaign right after its approval.
 * Idempotent: a rerun rewrites the same fact rows.
 */
export function deliveryJob(runtime: Runtime): JobDefinition<DeliveryPayload> {
  const definition: JobDefinition<DeliveryPayload> = defineJob({
    ...deliveryQueue,
    cron: '* * * * *',
    async handle({ orgId, campaignId }, context) {
      if (orgId && campaignId) {
        const campaign = await findCampaign(runtime.db, orgId, campaignId);
        if (campaign) await deliverCampaign(runtime, campaign, new Date(), context.log);
        return;
      }
      // The cron run fans out one job per campaign: workers deliver them in parallel, and one
      // slow channel delays only its own campaigns.
      const due = await campaignsDue(runtime.db, dayOf(new Date()), 5000);
      await runtime.jobs.sendMany(
        definition,
        due.map((campaign) => ({ orgId: campaign.orgId, campaignId: campaign.id })),
      );
    },
  });
  return definition;
}

export async function deliverCampaign(
  runtime: Runtime,
  initial: CampaignRow,
  now: Date,
  log: Logger,
): Promise<void> {
  const today = dayOf(now);
  let campaign = initial;
  if (campaign.status === 'scheduled' && campaign.startDate <= today) {
    const step = transitionCampaign('scheduled', 'activate');
    if (!step.ok) return;
    const activated = await runtime.db.transaction(async (tx) => {
      const row = await updateCampaign(
        tx,
        campaign.orgId,
        campaign.id,
        { status: step.to },
        'scheduled',
      );
      if (row)
        await runtime.events.publish(tx, {
          type: 'ads.campaign-activated',
          orgId: row.orgId,
          payload: { campaignId: row.id },
        });
      return row;
    });
    if (!activated) return;
    campaign = activated;
    await publishAds(runtime, campaign);
  }
  if ((campaign.status === 'active' || campaign.status === 'paused') && campaign.endDate < today) {
    await updateCampaign(
      runtime.db,
      campaign.orgId,
      campaign.id,
      { status: 'finished' },
      campaign.status,
    );
    return;
  }
  if (campaign.status !== 'active') return;

  const sets = await adSetsOfCampaigns(runtime.db, campaign.orgId, [campaign.id]);
  const ads = (await adsOfCampaign(runtime.db, campaign.orgId, campaign.id)).filter(
    (ad) => ad.status === 'active',
  );
  const from = [campaign.startDate, dayOf(new Date(now.getTime() - lookbackDays * 86_400_000))]
    .sort()
    .at(-1)!;
  const to = [campaign.endDate, today].sort()[0]!;
  for (const adSet of sets) {
    const inSet = ads.filter((ad) => ad.adSetId === adSet.id);
    for (const ad of inSet) {
      const deliverable = deliverableAd(ad, adSet, campaign, inSet.length);
      try {
        const rows = await withChannelRetry(() =>
          adapterFor(runtime, adSet.channel as Channel).fetchMetrics(deliverable, from, to, now),
        );
        await upsertFacts(
          runtime.db,
          {
            orgId: campaign.orgId,
            adId: ad.id,
            campaignId: campaign.id,
            channel: adSet.channel,
            currency: campaign.currency,
          },
          rows,
        );
        if (adSet.channel === 'influencer')
          await setInfluencerReactions(
            runtime.db,
            reactionsByDay(rows).map(([day, influencerReactions]) => ({
              orgId: campaign.orgId,
              adId: ad.id,
              campaignId: campaign.id,
              channel: adSet.channel,
              day,
              influencerReactions,
            })),
          );
      } catch (error) {
        // One channel's outage must not stop the other ads; the next run catches up.
        log.warn({ err: error, adId: ad.id, channel: adSet.channel }, 'ads: metrics fetch failed');
      }
      const kind = channelProfiles[adSet.channel as Channel].kind;
      if (kind !== 'social' && kind !== 'influencer') continue;
      try {
        const found = await withChannelRetry(() =>
          adapterFor(runtime, adSet.channel as Channel).fetchComments(deliverable, from, to, now),
        );
        await recordComments(
          runtime,
          { orgId: campaign.orgId, adId: ad.id, campaignId: campaign.id, channel: adSet.channel },
          found,
        );
      } catch (error) {
        log.warn({ err: error, adId: ad.id, channel: adSet.channel }, 'ads: comments fetch failed');
      }
    }
  }
}

/** Reactions per day over the markets of a channel report. */
export function reactionsByDay(rows: readonly ChannelMetricsRow[]): [string, number][] {
  const days = new Map<string, number>();
  for (const row of rows) days.set(row.day, (days.get(row.day) ?? 0) + row.metrics.reactions);
  return [...days.entries()];
}

/** Creates each ad at its channel (once: ads that already have an external id are skipped). */
async function publishAds(runtime: Runtime, campaign: CampaignRow): Promise<void> {
  const sets = await adSetsOfCampaigns(runtime.db, campaign.orgId, [campaign.id]);
  const ads = await adsOfCampaign(runtime.db, campaign.orgId, campaign.id);
  for (const adSet of sets) {
    const inSet = ads.filter((ad) => ad.adSetId === adSet.id);
    for (const ad of inSet) {
      if (ad.externalId) continue;
      const { externalId } = await withChannelRetry(() =>
        adapterFor(runtime, adSet.channel as Channel).publish(
          deliverableAd(ad, adSet, campaign, inSet.length),
        ),
      );
      await updateAd(runtime.db, campaign.orgId, ad.id, { externalId });
    }
  }
}

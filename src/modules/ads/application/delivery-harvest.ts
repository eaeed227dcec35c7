import type { Logger } from '../../../platform/logging/logger.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { ChannelMetricsRow } from '../domain/channel-adapter.js';
import { channelProfiles, type Channel } from '../domain/channels.js';
import { dayOf } from '../domain/delivery-tick.js';
import type { AdRow, AdSetRow, CampaignRow } from '../infrastructure/campaigns.repository.js';
import { upsertFacts, type AdFacts } from '../infrastructure/performance.repository.js';
import { setInfluencerReactions } from '../infrastructure/sentiment.repository.js';
import { adapterFor } from './ads-services.js';
import { recordCommentsOfAds, type FoundComments } from './comment-sentiment.js';
import { deliverableAd } from './deliverable-ad.js';
import { withChannelRetry } from './with-channel-retry.js';

/**
 * Fact rows per statement: 2,000 held the embedded database's serving thread for about 75 ms, so
 * there the page's facts go in smaller statements.
 */
const factsPerStatement = (runtime: Runtime) =>
  runtime.config.database.kind === 'postgres' ? 2_000 : 500;

/** Days of facts re-fetched per run: late channel corrections of the last days are picked up. */
const lookbackDays = 2;

/** A campaign's ad sets and ads. */
export interface LoadedAds {
  sets: AdSetRow[];
  ads: AdRow[];
}

/** What the channels reported for campaigns in one delivery, to be written together. */
export interface Harvest {
  facts: AdFacts[];
  influencerReactions: Parameters<typeof setInfluencerReactions>[1][number][];
  comments: FoundComments[];
}

export const emptyHarvest = (): Harvest => ({ facts: [], influencerReactions: [], comments: [] });

/**
 * Asks each active ad's channel for its metrics (and comments, on social and influencer
 * channels) over the last days. Only channel calls: no database connection is held while the
 * channels answer, so many campaigns can wait on them side by side. A channel that fails is
 * logged and skipped; the next tick re-fetches the same days.
 */
export async function harvestCampaign(
  runtime: Runtime,
  campaign: CampaignRow,
  loaded: LoadedAds,
  now: Date,
  log: Logger,
  into: Harvest,
): Promise<void> {
  const today = dayOf(now);
  const ads = loaded.ads.filter((ad) => ad.status === 'active');
  const from = [campaign.startDate, dayOf(new Date(now.getTime() - lookbackDays * 86_400_000))]
    .sort()
    .at(-1)!;
  const to = [campaign.endDate, today].sort()[0]!;
  for (const adSet of loaded.sets) {
    const channel = adSet.channel as Channel;
    const inSet = ads.filter((ad) => ad.adSetId === adSet.id);
    for (const ad of inSet) {
      const deliverable = deliverableAd(ad, adSet, campaign, inSet.length);
      const context = {
        orgId: campaign.orgId,
        adId: ad.id,
        campaignId: campaign.id,
        channel: adSet.channel,
      };
      try {
        const rows = await withChannelRetry(() =>
          adapterFor(runtime, channel).fetchMetrics(deliverable, from, to, now),
        );
        into.facts.push({ context: { ...context, currency: campaign.currency }, rows });
        if (channel === 'influencer')
          for (const [day, influencerReactions] of reactionsByDay(rows))
            into.influencerReactions.push({ ...context, day, influencerReactions });
      } catch (error) {
        // One channel's outage must not stop the other ads; the next run catches up.
        log.warn({ err: error, adId: ad.id, channel }, 'ads: metrics fetch failed');
      }
      const kind = channelProfiles[channel].kind;
      if (kind !== 'social' && kind !== 'influencer') continue;
      try {
        const found = await withChannelRetry(() =>
          adapterFor(runtime, channel).fetchComments(deliverable, from, to, now),
        );
        into.comments.push({ ad: context, found });
      } catch (error) {
        log.warn({ err: error, adId: ad.id, channel }, 'ads: comments fetch failed');
      }
    }
  }
}

/**
 * Writes a harvest in a few statements: the facts, the influencer reactions, and the new
 * comments with their sentiment counters (one transaction). A page of campaigns used to take
 * three to five round trips and commits per campaign.
 */
export async function storeHarvest(runtime: Runtime, harvest: Harvest): Promise<void> {
  await upsertFacts(runtime.db, harvest.facts, factsPerStatement(runtime));
  if (harvest.influencerReactions.length > 0)
    await setInfluencerReactions(runtime.db, harvest.influencerReactions);
  await recordCommentsOfAds(runtime, harvest.comments);
}

/** Reactions per day over the markets of a channel report. */
export function reactionsByDay(rows: readonly ChannelMetricsRow[]): [string, number][] {
  const days = new Map<string, number>();
  for (const row of rows) days.set(row.day, (days.get(row.day) ?? 0) + row.metrics.reactions);
  return [...days.entries()];
}

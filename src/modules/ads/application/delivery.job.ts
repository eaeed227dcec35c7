import pMap from 'p-map';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { Channel } from '../domain/channels.js';
import { transitionCampaign } from '../domain/campaign-state.js';
import { dayOf, tickOf } from '../domain/delivery-tick.js';
import {
  adSetsOfCampaigns,
  adsOfCampaign,
  updateAd,
  updateCampaign,
  type CampaignRow,
} from '../infrastructure/campaigns.repository.js';
import {
  adsOfCampaigns,
  claimCampaign,
  claimDuePage,
  type DeliveryPage,
} from '../infrastructure/delivery.repository.js';
import { adapterFor } from './ads-services.js';
import { deliverableAd } from './deliverable-ad.js';
import {
  emptyHarvest,
  harvestCampaign,
  storeHarvest,
  type Harvest,
  type LoadedAds,
} from './delivery-harvest.js';
import { withChannelRetry } from './with-channel-retry.js';

const oneCampaign = z.object({ orgId: z.uuid(), campaignId: z.uuid() });
const onePage = z.object({
  tick: z.iso.datetime({ offset: true }),
  afterId: z.uuid().optional(),
  throughId: z.uuid().optional(),
});
const payload = z.union([oneCampaign, onePage]);
export type DeliveryPayload = z.infer<typeof payload>;

/**
 * Campaigns of a page whose channels are asked side by side. A delivery is mostly waiting on the
 * channels' APIs (tens of ms a call) and holds no database connection meanwhile: the page's writes
 * come after, together.
 */
const campaignsInParallel = 32;
/** Organisations of a page whose ad sets and ads are read side by side. */
const organisationsInParallel = 4;

/**
 * Delivers one page of due campaigns in a tick (sent by the delivery tick), or one campaign
 * right after its approval. Each campaign is claimed for the tick first, so one that two jobs
 * reach in the same tick is delivered once; a claimed campaign whose delivery fails is caught
 * up by the next tick (facts are re-fetched over the last days).
 */
export function deliveryJob(runtime: Runtime): JobDefinition<DeliveryPayload> {
  return defineJob({
    name: 'ads.deliver-campaigns',
    payload,
    retryLimit: 2,
    retryDelaySeconds: 5,
    concurrency: 4,
    expireInSeconds: 300,
    async handle(job, context) {
      if ('orgId' in job) {
        const now = new Date();
        const tick = tickOf(now).toISOString();
        const campaign = await claimCampaign(runtime.db, job.orgId, job.campaignId, tick);
        if (campaign) await deliverCampaign(runtime, campaign, now, context.log);
        return;
      }
      await deliverPage(runtime, job, context.log);
    },
  });
}

/**
 * Claims the page's due campaigns for its tick and delivers them: their ad sets and ads are read
 * once per organisation (a few organisations side by side), every campaign of the page then waits
 * on its channels beside the others, and the page's reports are written together. A page spans
 * many organisations, so taking them one after another made a page wait on the channels once per
 * organisation. Returns how many campaigns this call claimed.
 */
export async function deliverPage(
  runtime: Runtime,
  page: DeliveryPage,
  log: Logger,
): Promise<number> {
  const claimed = await claimDuePage(runtime.db, dayOf(new Date(page.tick)), page);
  const now = new Date();
  const byOrg = new Map<string, CampaignRow[]>();
  for (const campaign of claimed) {
    const group = byOrg.get(campaign.orgId);
    if (group) group.push(campaign);
    else byOrg.set(campaign.orgId, [campaign]);
  }
  const loaded = new Map<string, LoadedAds>();
  await pMap(
    byOrg,
    async ([orgId, campaigns]) => {
      const ids = campaigns.map((campaign) => campaign.id);
      const [sets, ads] = await Promise.all([
        adSetsOfCampaigns(runtime.db, orgId, ids),
        adsOfCampaigns(runtime.db, orgId, ids),
      ]);
      for (const campaign of campaigns)
        loaded.set(campaign.id, {
          sets: sets.filter((adSet) => adSet.campaignId === campaign.id),
          ads: ads.filter((ad) => ad.campaignId === campaign.id),
        });
    },
    // Two statements each: a page leaves most of the pool to the API and the other pages.
    { concurrency: organisationsInParallel },
  );
  const harvest = emptyHarvest();
  await pMap(
    claimed,
    async (campaign) => {
      try {
        await deliverCampaign(runtime, campaign, now, log, loaded.get(campaign.id), harvest);
      } catch (error) {
        // One campaign's failure must not hold up the rest of the page; the next tick retries it.
        log.warn({ err: error, campaignId: campaign.id }, 'ads: campaign delivery failed');
      }
    },
    { concurrency: campaignsInParallel },
  );
  try {
    await storeHarvest(runtime, harvest);
  } catch (error) {
    // The campaigns are claimed for this tick; the next tick re-fetches the same days.
    log.warn({ err: error, campaigns: claimed.length }, 'ads: storing a page failed');
  }
  return claimed.length;
}

/**
 * Moves a campaign through its dates (activates a scheduled one that starts, finishes one that
 * ended) and reports its active ads' numbers: into `harvest` when the caller writes a page of
 * campaigns together, else written at once.
 */
export async function deliverCampaign(
  runtime: Runtime,
  initial: CampaignRow,
  now: Date,
  log: Logger,
  loaded?: LoadedAds,
  harvest?: Harvest,
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

  // Publishing just gave the ads their external ids: read them again.
  const current = campaign === initial && loaded ? loaded : await loadAds(runtime, campaign);
  if (harvest) {
    await harvestCampaign(runtime, campaign, current, now, log, harvest);
    return;
  }
  const own = emptyHarvest();
  await harvestCampaign(runtime, campaign, current, now, log, own);
  await storeHarvest(runtime, own);
}

async function loadAds(runtime: Runtime, campaign: CampaignRow): Promise<LoadedAds> {
  const [sets, ads] = await Promise.all([
    adSetsOfCampaigns(runtime.db, campaign.orgId, [campaign.id]),
    adsOfCampaign(runtime.db, campaign.orgId, campaign.id),
  ]);
  return { sets, ads };
}

/** Creates each ad at its channel (once: ads that already have an external id are skipped). */
async function publishAds(runtime: Runtime, campaign: CampaignRow): Promise<void> {
  const { sets, ads } = await loadAds(runtime, campaign);
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

import type { GoogleAdsConfig } from '../../../platform/config/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type {
  ChannelAdapter,
  ChannelComment,
  ChannelMetricsRow,
  ChannelWebhookEvent,
  DeliverableAd,
  WebhookDelivery,
} from '../domain/channel-adapter.js';
import { responsiveSearchAdCopy } from '../domain/google-ads-copy.js';
import {
  adGroupIdOfAd,
  geographicMetricsQuery,
  googleBidding,
  googleTargeting,
  metricsFromGeographicView,
  toMicros,
  type GeographicViewRow,
} from '../domain/google-ads-mapping.js';
import {
  type ChannelObjectKind,
  ensureChannelObject,
  firstTrackedLinkCode,
} from './channel-objects.repository.js';
import type { GoogleAdsSession, GoogleAdsSessions } from './google-ads-session.js';

export interface GoogleAdsAdapterDeps {
  config: GoogleAdsConfig;
  sessions: GoogleAdsSessions;
  db: Database;
  publicUrl: string;
  log: Logger;
  /** The simulated channel: organisations without a Google Ads connection keep it. */
  fallback: ChannelAdapter;
}

interface MutateAnswer {
  results?: { resourceName: string }[];
}

/** Keyword text Google accepts: at most 80 characters and 10 words. */
const keywordText = (interest: string) =>
  interest.replace(/\s+/g, ' ').trim().split(' ').slice(0, 10).join(' ').slice(0, 80);

/**
 * Google Ads (Search) through the Google Ads API REST interface, for organisations that connected
 * a Google Ads account; the others keep the simulated channel behind the same interface.
 * Budgets and locations live on Google campaigns, so each of our ad sets becomes a campaign
 * budget and a SEARCH campaign (ids in `ads.channel_objects`, keyed by the ad set), and each ad
 * its own ad group with one Responsive Search Ad, so that metrics by country stay per ad.
 */
export class GoogleAdsChannelAdapter implements ChannelAdapter {
  readonly channel = 'google_ads' as const;
  readonly mode = 'live' as const;

  constructor(private readonly deps: GoogleAdsAdapterDeps) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const session = await this.deps.sessions.open(ad.orgId);
    if (!session) return this.deps.fallback.publish(ad);
    const { connection } = session;
    if (connection.currency.toUpperCase() !== ad.currency.toUpperCase())
      throw new Error(
        `The campaign is in ${ad.currency} but the Google Ads account bills in ${connection.currency}`,
      );
    const copy = responsiveSearchAdCopy({
      headline: ad.headline,
      body: ad.body,
      callToAction: ad.callToAction,
      campaignName: ad.campaign.name,
      adSetName: ad.adSet.name,
    });
    const customer = `customers/${connection.externalAccountId}`;
    const mutate = async (service: string, operations: unknown[]) => {
      const answer = await session.call<MutateAnswer>('POST', `${customer}/${service}:mutate`, {
        operations,
      });
      return (answer.results ?? []).map((result) => result.resourceName);
    };
    // Names are unique per account at Google: the ad set's id keeps ours apart.
    const suffix = ad.adSet.id.slice(-8);
    const budget = await this.ensureObject(ad, 'campaign_budget', ad.adSet.id, async () => {
      const [name] = await mutate('campaignBudgets', [
        {
          create: {
            name: `${ad.campaign.name} · ${ad.adSet.name} · ${suffix}`,
            amountMicros: String(toMicros(ad.adSet.dailyBudgetMinor, ad.currency)),
            deliveryMethod: 'STANDARD',
            explicitlyShared: false,
          },
        },
      ]);
      return name!;
    });
    const campaign = await this.ensureObject(ad, 'campaign', ad.adSet.id, () =>
      this.createCampaign(ad, mutate, budget, suffix),
    );
    const adGroup = await this.ensureObject(ad, 'ad_group', ad.adId, async () => {
      const [name] = await mutate('adGroups', [
        {
          create: {
            name: `${ad.adSet.name} · ${ad.variant} · ${ad.adId.slice(-8)}`,
            campaign,
            status: 'ENABLED',
            type: 'SEARCH_STANDARD',
          },
        },
      ]);
      const keywords = [...new Set(ad.adSet.targeting.interests.map(keywordText))].filter(Boolean);
      if (keywords.length > 0)
        await mutate(
          'adGroupCriteria',
          keywords.map((text) => ({
            create: { adGroup: name, status: 'ENABLED', keyword: { text, matchType: 'BROAD' } },
          })),
        );
      else
        this.deps.log.warn(
          { adId: ad.adId },
          'ads: Google Search ad group without keywords (the ad set has no interests): it will not serve until keywords are added',
        );
      return name!;
    });
    const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
    const link = code ? `${this.deps.publicUrl}/t/${code}` : this.deps.publicUrl;
    const [created] = await mutate('adGroupAds', [
      {
        create: {
          adGroup,
          status: 'ENABLED',
          ad: { finalUrls: [link], responsiveSearchAd: copy },
        },
      },
    ]);
    return { externalId: created! };
  }

  pause(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'PAUSED');
  }

  resume(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'ENABLED');
  }

  async fetchMetrics(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelMetricsRow[]> {
    const session = await this.deps.sessions.open(ad.orgId);
    if (!session) return this.deps.fallback.fetchMetrics(ad, from, to, now);
    const adGroupId = ad.externalId ? adGroupIdOfAd(ad.externalId) : undefined;
    if (!adGroupId) return [];
    const customer = `customers/${session.connection.externalAccountId}`;
    // searchStream answers every row in one response: a JSON array of result batches.
    const batches = await session.call<{ results?: GeographicViewRow[] }[]>(
      'POST',
      `${customer}/googleAds:searchStream`,
      { query: geographicMetricsQuery(adGroupId, from, to) },
    );
    return metricsFromGeographicView(
      batches.flatMap((batch) => batch.results ?? []),
      session.connection.currency,
    );
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connected = await this.deps.sessions.open(ad.orgId);
    if (!connected) return this.deps.fallback.fetchComments(ad, from, to, now);
    // Search ads have no comments.
    return [];
  }

  /**
   * Google Ads sends no webhooks for campaigns or ads: whatever arrives here is the simulated
   * channel's (its own signature scheme, which refuses anything else).
   */
  receiveWebhook(
    delivery: WebhookDelivery,
  ): ChannelWebhookEvent[] | Promise<ChannelWebhookEvent[]> {
    return this.deps.fallback.receiveWebhook(delivery);
  }

  private async createCampaign(
    ad: DeliverableAd,
    mutate: (service: string, operations: unknown[]) => Promise<string[]>,
    budget: string,
    suffix: string,
  ): Promise<string> {
    const { geoTargetConstants, notExpressed } = googleTargeting(ad);
    if (notExpressed.length > 0)
      this.deps.log.info(
        { adSetId: ad.adSet.id, notExpressed },
        'ads: targeting Google Ads cannot express was left out',
      );
    // Created paused and enabled only once its locations are set: a campaign without location
    // criteria would serve worldwide.
    const [campaign] = await mutate('campaigns', [
      {
        create: {
          name: `${ad.campaign.name} · ${ad.adSet.name} · ${suffix}`,
          status: 'PAUSED',
          advertisingChannelType: 'SEARCH',
          campaignBudget: budget,
          networkSettings: {
            targetGoogleSearch: true,
            targetSearchNetwork: true,
            targetContentNetwork: false,
            targetPartnerSearchNetwork: false,
          },
          startDate: ad.startDate,
          endDate: ad.adSet.endDate,
          containsEuPoliticalAdvertising: 'DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING',
          ...googleBidding(ad.campaign.objective),
        },
      },
    ]);
    if (geoTargetConstants.length > 0)
      await mutate(
        'campaignCriteria',
        geoTargetConstants.map((geoTargetConstant) => ({
          create: { campaign, location: { geoTargetConstant } },
        })),
      );
    await mutate('campaigns', [
      { update: { resourceName: campaign, status: 'ENABLED' }, updateMask: 'status' },
    ]);
    return campaign!;
  }

  private async setStatus(ad: DeliverableAd, status: 'PAUSED' | 'ENABLED'): Promise<void> {
    const session = await this.deps.sessions.open(ad.orgId);
    if (!session)
      return status === 'PAUSED' ? this.deps.fallback.pause(ad) : this.deps.fallback.resume(ad);
    if (!ad.externalId) return;
    await this.statusOf(session, ad.externalId, status);
  }

  private async statusOf(session: GoogleAdsSession, resourceName: string, status: string) {
    await session.call(
      'POST',
      `customers/${session.connection.externalAccountId}/adGroupAds:mutate`,
      {
        operations: [{ update: { resourceName, status }, updateMask: 'status' }],
      },
    );
  }

  private ensureObject(
    ad: DeliverableAd,
    kind: ChannelObjectKind,
    localId: string,
    create: () => Promise<string>,
  ): Promise<string> {
    return ensureChannelObject(
      this.deps.db,
      { orgId: ad.orgId, channel: this.channel, kind, localId },
      create,
    );
  }
}

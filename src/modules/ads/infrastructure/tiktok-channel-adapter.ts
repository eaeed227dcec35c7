import type { TikTokConfig } from '../../../platform/config/config.js';
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
import type { Connection } from '../domain/connection-provider.js';
import {
  metricsFromTikTokReport,
  tiktokCallToAction,
  tiktokGoal,
  tiktokTargeting,
  tiktokTime,
  toTikTokBudget,
  type TikTokReportRow,
} from '../domain/tiktok-mapping.js';
import { ensureChannelObject, firstTrackedLinkCode } from './channel-objects.repository.js';
import type { ConnectionStore } from './connection-store.js';
import { refreshTikTokToken } from './tiktok-accounts.js';
import { TikTokApiError, TikTokReauthError, type TikTokApiClient } from './tiktok-api-client.js';

/** Refresh an expiring token when less than this is left (TikTok's refreshable tokens last 24 h). */
const refreshWithinMs = 60 * 60_000;

/** A campaign's currency differs from the advertiser's: TikTok would spend a different amount. */
export class TikTokCurrencyMismatchError extends Error {
  constructor(campaign: string, account: string) {
    super(`The campaign is in ${campaign} but the TikTok advertiser bills in ${account}`);
    this.name = 'TikTokCurrencyMismatchError';
  }
}

export interface TikTokAdapterDeps {
  config: TikTokConfig;
  client: TikTokApiClient;
  store: ConnectionStore;
  db: Database;
  publicUrl: string;
  log: Logger;
  /** The simulated channel: organisations without a TikTok connection keep it. */
  fallback: ChannelAdapter;
}

type Call = <R>(
  method: 'GET' | 'POST',
  path: string,
  params?: Record<string, string | number | boolean | object | undefined>,
) => Promise<R>;

interface ReportPage {
  list: TikTokReportRow[];
  page_info?: { page?: number; total_page?: number };
}

/**
 * TikTok through the Business API for organisations that connected an advertiser; the others
 * keep the simulated channel behind the same interface. One TikTok campaign per campaign, one ad
 * group per ad set (ids in `ads.channel_objects`), one ad per ad. A token TikTok calls expired
 * is refreshed (when the grant has a refresh token) and the call made once more; a revoked token
 * or a refused refresh marks the connection `needs_reauth`.
 */
export class TikTokChannelAdapter implements ChannelAdapter {
  readonly channel = 'tiktok' as const;
  readonly mode = 'live' as const;

  constructor(private readonly deps: TikTokAdapterDeps) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.publish(ad);
    if (connection.currency.toUpperCase() !== ad.currency.toUpperCase())
      throw new TikTokCurrencyMismatchError(ad.currency, connection.currency);
    const advertiserId = connection.externalAccountId;
    const goal = tiktokGoal(ad.campaign.objective);
    return this.guarded(connection, async (call) => {
      const campaignId = await this.ensureObject(ad, 'campaign', ad.campaign.id, async () => {
        const created = await call<{ campaign_id: string }>('POST', 'campaign/create/', {
          advertiser_id: advertiserId,
          campaign_name: ad.campaign.name,
          objective_type: goal.objectiveType,
          budget_mode: 'BUDGET_MODE_INFINITE',
          operation_status: 'ENABLE',
        });
        return String(created.campaign_id);
      });
      const adGroupId = await this.ensureObject(ad, 'ad_set', ad.adSet.id, async () => {
        const { notExpressed, ...targeting } = tiktokTargeting(
          ad,
          await this.regions(call, advertiserId, goal.objectiveType),
          await this.interests(call, advertiserId, ad.adSet.targeting.interests.length > 0),
        );
        if (notExpressed.length > 0)
          this.deps.log.info(
            { adSetId: ad.adSet.id, notExpressed },
            'ads: targeting TikTok cannot express was left out',
          );
        const created = await call<{ adgroup_id: string }>('POST', 'adgroup/create/', {
          advertiser_id: advertiserId,
          campaign_id: campaignId,
          adgroup_name: ad.adSet.name,
          promotion_type: 'WEBSITE',
          placement_type: 'PLACEMENT_TYPE_NORMAL',
          placements: ['PLACEMENT_TIKTOK'],
          ...targeting,
          budget_mode: 'BUDGET_MODE_DAY',
          budget: toTikTokBudget(ad.adSet.dailyBudgetMinor, ad.currency),
          schedule_type: 'SCHEDULE_START_END',
          schedule_start_time: tiktokTime(ad.startDate, false),
          schedule_end_time: tiktokTime(ad.adSet.endDate, true),
          optimization_goal: goal.optimizationGoal,
          billing_event: goal.billingEvent,
          bid_type: 'BID_TYPE_NO_BID',
          pacing: ad.pacing === 'accelerated' ? 'PACING_MODE_FAST' : 'PACING_MODE_SMOOTH',
          operation_status: 'ENABLE',
        });
        return String(created.adgroup_id);
      });
      const identities = await call<{
        identity_list: { identity_id: string; identity_type: string }[];
      }>('GET', 'identity/get/', { advertiser_id: advertiserId });
      const identity = identities.identity_list[0];
      const videos = await call<{ list: { video_id: string }[] }>('GET', 'file/video/ad/search/', {
        advertiser_id: advertiserId,
        page: 1,
        page_size: 1,
      });
      const video = videos.list[0];
      if (!identity || !video)
        throw new Error(
          'TikTok in-feed ads need an identity and a video: create them in the advertiser’s TikTok Ads Manager',
        );
      const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
      const created = await call<{ ad_ids: string[] }>('POST', 'ad/create/', {
        advertiser_id: advertiserId,
        adgroup_id: adGroupId,
        creatives: [
          {
            ad_name: `${ad.campaign.name} · ${ad.variant}`.slice(0, 512),
            identity_type: identity.identity_type,
            identity_id: identity.identity_id,
            ad_format: 'SINGLE_VIDEO',
            video_id: video.video_id,
            ad_text: ad.body.slice(0, 100),
            call_to_action: tiktokCallToAction(ad.callToAction),
            landing_page_url: code ? `${this.deps.publicUrl}/t/${code}` : this.deps.publicUrl,
          },
        ],
      });
      const externalId = created.ad_ids[0];
      if (!externalId) throw new Error('TikTok created no ad');
      return { externalId: String(externalId) };
    });
  }

  pause(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'DISABLE');
  }

  resume(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'ENABLE');
  }

  async fetchMetrics(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelMetricsRow[]> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.fetchMetrics(ad, from, to, now);
    if (!ad.externalId) return [];
    const adId = ad.externalId;
    const rows = await this.guarded(connection, async (call) => {
      const all: TikTokReportRow[] = [];
      for (let page = 1; page <= 50; page++) {
        const answer = await call<ReportPage>('GET', 'report/integrated/get/', {
          advertiser_id: connection.externalAccountId,
          report_type: 'AUDIENCE',
          data_level: 'AUCTION_AD',
          dimensions: ['ad_id', 'stat_time_day', 'country_code'],
          metrics: ['spend', 'impressions', 'clicks', 'conversion', 'likes', 'comments', 'shares'],
          start_date: from,
          end_date: to,
          filtering: [{ field_name: 'ad_ids', filter_type: 'IN', filter_value: `["${adId}"]` }],
          page,
          page_size: 1000,
        });
        all.push(...answer.list);
        if (page >= (answer.page_info?.total_page ?? 1)) break;
      }
      return all;
    });
    return metricsFromTikTokReport(
      rows.filter((row) => String(row.dimensions.ad_id ?? adId) === adId),
      connection.currency,
    );
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.fetchComments(ad, from, to, now);
    // Ad comments need the comment-management API (another permission): not fetched here.
    return [];
  }

  /**
   * TikTok documents no signature for Business API webhooks, so none is trusted as TikTok's:
   * only the simulated channel's signed webhooks are accepted here (see docs/integrations.md).
   */
  receiveWebhook(
    delivery: WebhookDelivery,
  ): ChannelWebhookEvent[] | Promise<ChannelWebhookEvent[]> {
    return this.deps.fallback.receiveWebhook(delivery);
  }

  private async setStatus(ad: DeliverableAd, status: 'ENABLE' | 'DISABLE'): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection)
      return status === 'DISABLE' ? this.deps.fallback.pause(ad) : this.deps.fallback.resume(ad);
    if (!ad.externalId) return;
    const adId = ad.externalId;
    await this.guarded(connection, (call) =>
      call('POST', 'ad/status/update/', {
        advertiser_id: connection.externalAccountId,
        ad_ids: [adId],
        operation_status: status,
      }),
    );
  }

  /** ISO country → TikTok location id, from TikTok's region list for the placement. */
  private async regions(
    call: Call,
    advertiserId: string,
    objectiveType: string,
  ): Promise<Map<string, string>> {
    const answer = await call<{
      region_info: { location_id: string; region_code?: string; region_level?: string }[];
    }>('GET', 'tool/region/', {
      advertiser_id: advertiserId,
      placements: ['PLACEMENT_TIKTOK'],
      objective_type: objectiveType,
    });
    return new Map(
      answer.region_info
        .filter((r) => r.region_level === 'COUNTRY' && r.region_code)
        .map((r) => [r.region_code!.toUpperCase(), String(r.location_id)]),
    );
  }

  /** Lower-cased interest category name → id (not looked up when no interests are targeted). */
  private async interests(
    call: Call,
    advertiserId: string,
    wanted: boolean,
  ): Promise<Map<string, string>> {
    if (!wanted) return new Map();
    const answer = await call<{
      interest_categories: { interest_category_id: string; interest_category_name: string }[];
    }>('GET', 'tool/interest_category/', { advertiser_id: advertiserId });
    return new Map(
      answer.interest_categories.map((c) => [
        c.interest_category_name.trim().toLowerCase(),
        String(c.interest_category_id),
      ]),
    );
  }

  private ensureObject(
    ad: DeliverableAd,
    kind: 'campaign' | 'ad_set',
    localId: string,
    create: () => Promise<string>,
  ): Promise<string> {
    return ensureChannelObject(
      this.deps.db,
      { orgId: ad.orgId, channel: 'tiktok', kind, localId },
      create,
    );
  }

  /**
   * The organisation's TikTok connection (undefined: not connected, simulate). One needing
   * re-authorization fails the call; a refreshable token close to expiry is refreshed first.
   */
  private async connectionOf(orgId: string): Promise<Connection | undefined> {
    const connection = await this.deps.store.find(orgId, 'tiktok');
    if (!connection) return undefined;
    if (connection.status === 'needs_reauth')
      throw new TikTokReauthError(
        'The TikTok connection needs to be authorized again by an owner or admin',
      );
    const expiresAt = connection.tokenExpiresAt ? Date.parse(connection.tokenExpiresAt) : null;
    if (expiresAt !== null && expiresAt - Date.now() < refreshWithinMs)
      return this.refreshed(connection);
    return connection;
  }

  /** Refreshes the token and stores it; a refused refresh marks the connection `needs_reauth`. */
  private async refreshed(connection: Connection): Promise<Connection> {
    const reauth = async (reason: string): Promise<never> => {
      await this.deps.store.markNeedsReauth(connection.orgId, connection.id, reason);
      throw new TikTokReauthError(reason);
    };
    if (!connection.refreshToken)
      return reauth('The TikTok access token expired and the grant has no refresh token');
    let token;
    try {
      token = await refreshTikTokToken(
        this.deps.client,
        this.deps.config,
        connection.refreshToken,
        new Date(),
      );
    } catch (error) {
      if (error instanceof TikTokApiError)
        return reauth(`TikTok refused to refresh the token: ${error.message}`);
      throw error;
    }
    await this.deps.store.updateTokens(connection.orgId, connection.id, {
      accessToken: token.accessToken,
      refreshToken: token.refreshToken,
      tokenExpiresAt: token.expiresAt,
    });
    return {
      ...connection,
      accessToken: token.accessToken,
      refreshToken: token.refreshToken,
      tokenExpiresAt: token.expiresAt,
    };
  }

  /**
   * Runs calls with the connection's token. An expired token (40102) is refreshed and the work
   * run once more; a revoked one (40104, 40105) marks the connection `needs_reauth`.
   */
  private async guarded<T>(connection: Connection, work: (call: Call) => Promise<T>): Promise<T> {
    const run = (current: Connection) =>
      work((method, path, params) =>
        this.deps.client.call(
          current.externalAccountId,
          method,
          path,
          current.accessToken,
          params ?? {},
        ),
      );
    try {
      return await run(connection);
    } catch (error) {
      if (!(error instanceof TikTokApiError)) throw error;
      if (error.tokenExpired) return run(await this.refreshed(connection));
      if (error.tokenInvalid) {
        await this.deps.store.markNeedsReauth(connection.orgId, connection.id, error.message);
        throw new TikTokReauthError(`TikTok refused the token: ${error.message}`);
      }
      throw error;
    }
  }
}

import type { MetaConfig } from '../../../platform/config/config.js';
import type { Database } from '../../../platform/db/database.js';
import type { Logger } from '../../../platform/logging/logger.js';
import type {
  ChannelAdapter,
  ChannelComment,
  ChannelLeadAnswers,
  ChannelMetricsRow,
  ChannelWebhookEvent,
  DeliverableAd,
  WebhookDelivery,
} from '../domain/channel-adapter.js';
import {
  metaObjective,
  metaOptimizationGoal,
  metaTargeting,
  metricsFromInsights,
  toMetaBudget,
  type MetaInsightsRow,
  type MetaInterest,
} from '../domain/meta-mapping.js';
import { answersOfMetaLead, type MetaLead } from '../domain/meta-lead.js';
import { parseMetaWebhook, verifyMetaSignature } from '../domain/meta-webhook.js';
import { ensureChannelObject, firstTrackedLinkCode } from './channel-objects.repository.js';
import type { Connection } from '../domain/connection-provider.js';
import type { ConnectionStore } from './connection-store.js';
import { allPages, extendMetaToken } from './meta-accounts.js';
import { ConnectionNeedsReauthError, type MetaGraphClient } from './meta-graph-client.js';

/** Extend a long-lived token when it has less than this left (Meta's last 60 days). */
const extendWithinMs = 7 * 86_400_000;

type GraphCall = <R>(
  method: 'GET' | 'POST',
  path: string,
  params?: Record<string, unknown>,
) => Promise<R>;

/**
 * The ad set's interests as Meta interests: each text's best match in Meta's Targeting Search
 * (`search?type=adinterest`, Meta's own ranking). A text with no match is left out of the map
 * (reported as not expressed).
 */
async function interestsOf(call: GraphCall, ad: DeliverableAd) {
  const found = new Map<string, MetaInterest>();
  for (const interest of new Set(ad.adSet.targeting.interests)) {
    const { data } = await call<{ data: MetaInterest[] }>('GET', 'search', {
      type: 'adinterest',
      q: interest,
      limit: 1,
    });
    const best = data[0];
    if (best) found.set(interest, { id: best.id, name: best.name });
  }
  return found;
}

const callsToAction = new Set([
  'SHOP_NOW',
  'LEARN_MORE',
  'SIGN_UP',
  'BOOK_NOW',
  'CONTACT_US',
  'DOWNLOAD',
  'GET_OFFER',
  'SUBSCRIBE',
  'APPLY_NOW',
  'ORDER_NOW',
  'BUY_NOW',
]);

/** "Shop now" → SHOP_NOW; anything Meta has no button for → LEARN_MORE. */
export function metaCallToAction(text: string): string {
  const type = text
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]+/g, '_');
  return callsToAction.has(type) ? type : 'LEARN_MORE';
}

/** A campaign's currency differs from the ad account's: Meta would spend a different amount. */
export class CurrencyMismatchError extends Error {
  constructor(campaign: string, account: string) {
    super(`The campaign is in ${campaign} but the Meta ad account bills in ${account}`);
    this.name = 'CurrencyMismatchError';
  }
}

export interface MetaAdapterDeps {
  config: MetaConfig;
  client: MetaGraphClient;
  store: ConnectionStore;
  db: Database;
  publicUrl: string;
  log: Logger;
  /** The simulated channel: organisations without a Meta connection keep it. */
  fallback: ChannelAdapter;
  /** The approved image of a content asset, to upload with the ad (undefined: none to send). */
  imageOf(
    orgId: string,
    assetId: string,
  ): Promise<{ assetId: string; version: number; bytes: Buffer } | undefined>;
}

/**
 * Facebook or Instagram through the Meta Marketing API, for organisations that connected a Meta
 * ad account; the others keep the simulated channel behind the same interface. One Meta campaign
 * per campaign and one ad set per ad set (ids in `ads.channel_objects`), one creative and ad per
 * ad. An expired or revoked token marks the connection `needs_reauth` and fails the call (not
 * retried); nothing is simulated for a connected organisation.
 */
export class MetaChannelAdapter implements ChannelAdapter {
  readonly mode = 'live' as const;

  constructor(
    readonly channel: 'facebook' | 'instagram',
    private readonly deps: MetaAdapterDeps,
  ) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.publish(ad);
    if (connection.currency.toUpperCase() !== ad.currency.toUpperCase())
      throw new CurrencyMismatchError(ad.currency, connection.currency);
    return this.guarded(connection, async (call) => {
      const account = connection.externalAccountId;
      const campaignId = await this.ensureObject(ad, 'campaign', ad.campaign.id, async () => {
        const created = await call<{ id: string }>('POST', `${account}/campaigns`, {
          name: ad.campaign.name,
          objective: metaObjective(ad.campaign.objective),
          status: 'ACTIVE',
          special_ad_categories: [],
        });
        return created.id;
      });
      const adSetId = await this.ensureObject(ad, 'ad_set', ad.adSet.id, async () => {
        const { targeting, notExpressed } = metaTargeting(ad, await interestsOf(call, ad));
        if (notExpressed.length > 0)
          this.deps.log.info(
            { adSetId: ad.adSet.id, notExpressed },
            'ads: targeting Meta cannot express was left out',
          );
        const created = await call<{ id: string }>('POST', `${account}/adsets`, {
          name: ad.adSet.name,
          campaign_id: campaignId,
          daily_budget: toMetaBudget(ad.adSet.dailyBudgetMinor, ad.currency),
          billing_event: 'IMPRESSIONS',
          optimization_goal: metaOptimizationGoal(ad.campaign.objective),
          bid_strategy: 'LOWEST_COST_WITHOUT_CAP',
          targeting,
          start_time: `${ad.startDate}T00:00:00+0000`,
          end_time: `${ad.adSet.endDate}T23:59:59+0000`,
          status: 'ACTIVE',
        });
        return created.id;
      });
      const imageHash = await this.uploadedImage(ad, account, call);
      const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
      const link = code ? `${this.deps.publicUrl}/t/${code}` : this.deps.publicUrl;
      const creative = await call<{ id: string }>('POST', `${account}/adcreatives`, {
        name: `${ad.campaign.name} · ${ad.variant}`,
        object_story_spec: {
          page_id: connection.settings.pageId,
          ...(this.channel === 'instagram' && connection.settings.instagramActorId
            ? { instagram_actor_id: connection.settings.instagramActorId }
            : {}),
          link_data: {
            link,
            message: ad.body,
            name: ad.headline,
            ...(imageHash ? { image_hash: imageHash } : {}),
            call_to_action: { type: metaCallToAction(ad.callToAction), value: { link } },
          },
        },
      });
      const created = await call<{ id: string }>('POST', `${account}/ads`, {
        name: `${ad.campaign.name} · ${ad.variant}`,
        adset_id: adSetId,
        creative: { creative_id: creative.id },
        status: 'ACTIVE',
      });
      return { externalId: created.id };
    });
  }

  pause(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'PAUSED');
  }

  resume(ad: DeliverableAd): Promise<void> {
    return this.setStatus(ad, 'ACTIVE');
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
    const externalId = ad.externalId;
    const rows = await this.guarded(connection, (call) =>
      allPages<MetaInsightsRow>((after) =>
        call('GET', `${externalId}/insights`, {
          level: 'ad',
          time_increment: 1,
          breakdowns: 'country',
          time_range: { since: from, until: to },
          fields: 'impressions,reach,clicks,spend,actions,action_values',
          limit: 500,
          after,
        }),
      ),
    );
    return metricsFromInsights(rows, connection.currency);
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.fetchComments(ad, from, to, now);
    // Comments live on the creative's page post, not on the ad: not fetched in this slice.
    return [];
  }

  /** Meta signs with X-Hub-Signature-256; requests without it are the simulated channel's. */
  receiveWebhook(
    delivery: WebhookDelivery,
  ): ChannelWebhookEvent[] | Promise<ChannelWebhookEvent[]> {
    if (delivery.headers['x-hub-signature-256'] === undefined)
      return this.deps.fallback.receiveWebhook(delivery);
    verifyMetaSignature(delivery, this.deps.config.appSecret);
    return parseMetaWebhook(delivery.rawBody);
  }

  /**
   * A Lead Ads lead read with the organisation's token (`leads_retrieval`). Without a connection
   * (disconnected since the ad was published) there is no token to read it with.
   */
  async fetchLead(orgId: string, externalLeadId: string): Promise<ChannelLeadAnswers | undefined> {
    const connection = await this.connectionOf(orgId);
    if (!connection) return undefined;
    const lead = await this.guarded(connection, (call) =>
      call<MetaLead>('GET', externalLeadId, { fields: 'created_time,field_data,ad_id,form_id' }),
    );
    return answersOfMetaLead(lead);
  }

  private async setStatus(ad: DeliverableAd, status: 'PAUSED' | 'ACTIVE'): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection)
      return status === 'PAUSED' ? this.deps.fallback.pause(ad) : this.deps.fallback.resume(ad);
    if (!ad.externalId) return;
    const externalId = ad.externalId;
    await this.guarded(connection, (call) => call('POST', externalId, { status }));
  }

  /**
   * The hash Meta knows the ad's approved image by: uploaded once per asset version to the ad
   * account's image library (`adimages`, base64 bytes), then reused by every ad that shows it.
   */
  private async uploadedImage(
    ad: DeliverableAd,
    account: string,
    call: GraphCall,
  ): Promise<string | undefined> {
    if (!ad.contentAssetId) return undefined;
    const image = await this.deps.imageOf(ad.orgId, ad.contentAssetId);
    if (!image) return undefined;
    return this.ensureObject(ad, 'ad_image', `${image.assetId}:v${image.version}`, async () => {
      const uploaded = await call<{ images: Record<string, { hash: string }> }>(
        'POST',
        `${account}/adimages`,
        { bytes: image.bytes.toString('base64') },
      );
      const hash = Object.values(uploaded.images)[0]?.hash;
      if (!hash) throw new Error('Meta answered an image upload without a hash');
      return hash;
    });
  }

  private ensureObject(
    ad: DeliverableAd,
    kind: 'campaign' | 'ad_set' | 'ad_image',
    localId: string,
    create: () => Promise<string>,
  ): Promise<string> {
    return ensureChannelObject(
      this.deps.db,
      { orgId: ad.orgId, channel: this.channel, kind, localId },
      create,
    );
  }

  /**
   * The organisation's Meta connection (undefined: not connected, simulate). One needing
   * re-authorization fails the call; a token close to expiry is extended first.
   */
  private async connectionOf(orgId: string): Promise<Connection | undefined> {
    const connection = await this.deps.store.find(orgId, 'meta');
    if (!connection) return undefined;
    if (connection.status === 'needs_reauth')
      throw new ConnectionNeedsReauthError(
        'The Meta connection needs to be authorized again by an owner or admin',
      );
    const expiresAt = connection.tokenExpiresAt ? Date.parse(connection.tokenExpiresAt) : null;
    if (expiresAt !== null && expiresAt - Date.now() < extendWithinMs) {
      const token = await this.guarded(connection, () =>
        extendMetaToken(this.deps.client, this.deps.config, connection.accessToken, new Date()),
      );
      await this.deps.store.updateTokens(orgId, connection.id, {
        accessToken: token.accessToken,
        refreshToken: null,
        tokenExpiresAt: token.expiresAt,
      });
      return { ...connection, accessToken: token.accessToken, tokenExpiresAt: token.expiresAt };
    }
    return connection;
  }

  /** Runs calls with the connection's token; a refused token marks it `needs_reauth`. */
  private async guarded<T>(
    connection: Connection,
    work: (call: GraphCall) => Promise<T>,
  ): Promise<T> {
    try {
      return await work((method, path, params) =>
        this.deps.client.call(
          connection.externalAccountId,
          method,
          path,
          connection.accessToken,
          params as Record<string, string | number | object | undefined>,
        ),
      );
    } catch (error) {
      if (error instanceof ConnectionNeedsReauthError)
        await this.deps.store.markNeedsReauth(connection.orgId, connection.id, error.message);
      throw error;
    }
  }
}

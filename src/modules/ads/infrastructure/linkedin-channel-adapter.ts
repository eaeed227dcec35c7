import type { LinkedInConfig } from '../../../platform/config/config.js';
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
  interestsFacet,
  linkedinGoal,
  linkedinTargeting,
  linkedinTextAd,
  locationsFacet,
  metricsFromLinkedInAnalytics,
  restliDate,
  targetedCountries,
  toLinkedInAmount,
  type LinkedInAnalyticsRow,
} from '../domain/linkedin-mapping.js';
import { parseLinkedInWebhook, verifyLinkedInSignature } from '../domain/linkedin-webhook.js';
import { ensureChannelObject, firstTrackedLinkCode } from './channel-objects.repository.js';
import type { ConnectionStore } from './connection-store.js';
import { refreshLinkedInToken } from './linkedin-accounts.js';
import {
  LinkedInApiError,
  type LinkedInRestClient,
  type RestRequest,
} from './linkedin-rest-client.js';

/** Refresh a refreshable token when it has less than this left (LinkedIn's last 60 days). */
const refreshWithinMs = 7 * 86_400_000;

const analyticsFields = [
  'dateRange',
  'pivotValues',
  'impressions',
  'clicks',
  'costInLocalCurrency',
  'externalWebsiteConversions',
  'conversionValueInLocalCurrency',
  'likes',
  'totalEngagements',
].join(',');

/** The LinkedIn grant is gone (expired without refresh, revoked): authorize again. */
export class LinkedInReauthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkedInReauthError';
  }
}

/** A campaign's currency differs from the ad account's: LinkedIn would spend a different amount. */
export class LinkedInCurrencyMismatchError extends Error {
  constructor(campaign: string, account: string) {
    super(`The campaign is in ${campaign} but the LinkedIn ad account bills in ${account}`);
    this.name = 'LinkedInCurrencyMismatchError';
  }
}

export interface LinkedInAdapterDeps {
  config: LinkedInConfig;
  client: LinkedInRestClient;
  store: ConnectionStore;
  db: Database;
  publicUrl: string;
  log: Logger;
  /** The simulated channel: organisations without a LinkedIn connection keep it. */
  fallback: ChannelAdapter;
}

type Call = <R>(request: RestRequest) => Promise<{ body: R; createdId: string | undefined }>;

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * LinkedIn through the Marketing API for organisations that connected an ad account; the others
 * keep the simulated channel behind the same interface. One campaign group per campaign, one
 * campaign per ad set (ids in `ads.channel_objects`), one text-ad creative per ad (its URN is the
 * ad's external id). An expired token is refreshed when the grant has a refresh token (and the
 * call made once more); otherwise, or when revoked, the connection is marked `needs_reauth`.
 */
export class LinkedInChannelAdapter implements ChannelAdapter {
  readonly channel = 'linkedin' as const;
  readonly mode = 'live' as const;
  /** Geo and interest URNs by facet and name: stable at LinkedIn, looked up once per process. */
  private readonly entities = new Map<string, string | null>();

  constructor(private readonly deps: LinkedInAdapterDeps) {}

  async publish(ad: DeliverableAd): Promise<{ externalId: string }> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.publish(ad);
    if (connection.currency.toUpperCase() !== ad.currency.toUpperCase())
      throw new LinkedInCurrencyMismatchError(ad.currency, connection.currency);
    const account = connection.externalAccountId;
    const accountUrn = `urn:li:sponsoredAccount:${account}`;
    const start = Math.max(Date.parse(`${ad.startDate}T00:00:00Z`), Date.now());
    const runSchedule = { start, end: Date.parse(`${ad.adSet.endDate}T23:59:59Z`) };
    return this.guarded(connection, async (call) => {
      const groupId = await this.ensureObject(ad, 'campaign', ad.campaign.id, async () => {
        const created = await call({
          method: 'POST',
          path: `adAccounts/${account}/adCampaignGroups`,
          body: { account: accountUrn, name: ad.campaign.name, status: 'ACTIVE', runSchedule },
        });
        return this.createdId(created.createdId);
      });
      const campaignId = await this.ensureObject(ad, 'ad_set', ad.adSet.id, async () => {
        const { targetingCriteria, locale, notExpressed } = linkedinTargeting(
          ad,
          await this.lookUp(call, locationsFacet, targetedCountries(ad), (code) =>
            countryNames.of(code),
          ),
          await this.lookUp(call, interestsFacet, ad.adSet.targeting.interests, (name) => name),
        );
        if (notExpressed.length > 0)
          this.deps.log.info(
            { adSetId: ad.adSet.id, notExpressed },
            'ads: targeting LinkedIn cannot express was left out',
          );
        const goal = linkedinGoal(ad.campaign.objective);
        const created = await call({
          method: 'POST',
          path: `adAccounts/${account}/adCampaigns`,
          body: {
            account: accountUrn,
            campaignGroup: `urn:li:sponsoredCampaignGroup:${groupId}`,
            name: ad.adSet.name,
            type: 'TEXT_AD',
            objectiveType: goal.objectiveType,
            costType: goal.costType,
            optimizationTargetType: goal.optimizationTargetType,
            dailyBudget: {
              amount: toLinkedInAmount(ad.adSet.dailyBudgetMinor, ad.currency),
              currencyCode: ad.currency.toUpperCase(),
            },
            locale,
            offsiteDeliveryEnabled: false,
            runSchedule,
            targetingCriteria,
            status: 'ACTIVE',
          },
        });
        return this.createdId(created.createdId);
      });
      const code = await firstTrackedLinkCode(this.deps.db, ad.orgId, ad.adId);
      const created = await call({
        method: 'POST',
        path: `adAccounts/${account}/creatives`,
        body: {
          campaign: `urn:li:sponsoredCampaign:${campaignId}`,
          intendedStatus: 'ACTIVE',
          content: {
            textAd: linkedinTextAd(
              ad,
              code ? `${this.deps.publicUrl}/t/${code}` : this.deps.publicUrl,
            ),
          },
        },
      });
      return { externalId: this.createdId(created.createdId) };
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
    const creative = ad.externalId;
    return this.guarded(connection, async (call) => {
      const answer = await call<{ elements: LinkedInAnalyticsRow[] }>({
        method: 'GET',
        path: 'adAnalytics',
        query: [
          'q=analytics',
          'pivot=MEMBER_COUNTRY_V2',
          'timeGranularity=DAILY',
          `dateRange=(start:${restliDate(from)},end:${restliDate(to)})`,
          `creatives=List(${encodeURIComponent(creative)})`,
          `fields=${analyticsFields}`,
        ].join('&'),
      });
      const geos = await this.lookUp(call, locationsFacet, targetedCountries(ad), (code) =>
        countryNames.of(code),
      );
      const countries = new Map([...geos].map(([country, urn]) => [urn, country]));
      return metricsFromLinkedInAnalytics(answer.body.elements, countries, connection.currency);
    });
  }

  async fetchComments(
    ad: DeliverableAd,
    from: string,
    to: string,
    now: Date,
  ): Promise<ChannelComment[]> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection) return this.deps.fallback.fetchComments(ad, from, to, now);
    // Text ads have no social thread: there are no comments to fetch.
    return [];
  }

  /** LinkedIn signs with X-LI-Signature; requests without it are the simulated channel's. */
  receiveWebhook(
    delivery: WebhookDelivery,
  ): ChannelWebhookEvent[] | Promise<ChannelWebhookEvent[]> {
    if (delivery.headers['x-li-signature'] === undefined)
      return this.deps.fallback.receiveWebhook(delivery);
    verifyLinkedInSignature(delivery, this.deps.config.clientSecret);
    return parseLinkedInWebhook(delivery.rawBody);
  }

  private async setStatus(ad: DeliverableAd, status: 'PAUSED' | 'ACTIVE'): Promise<void> {
    const connection = await this.connectionOf(ad.orgId);
    if (!connection)
      return status === 'PAUSED' ? this.deps.fallback.pause(ad) : this.deps.fallback.resume(ad);
    if (!ad.externalId) return;
    const creative = ad.externalId;
    await this.guarded(connection, (call) =>
      call({
        method: 'POST',
        path: `adAccounts/${connection.externalAccountId}/creatives/${encodeURIComponent(creative)}`,
        restliMethod: 'PARTIAL_UPDATE',
        body: { patch: { $set: { intendedStatus: status } } },
      }),
    );
  }

  /**
   * Key → URN for a targeting facet, by LinkedIn's typeahead (`adTargetingEntities`) on the
   * key's name, an exact (case-insensitive) name match only. Keys without a match are left out.
   */
  private async lookUp(
    call: Call,
    facet: string,
    keys: readonly string[],
    nameOf: (key: string) => string | undefined,
  ): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const key of keys) {
      const name = nameOf(key);
      if (!name) continue;
      const cacheKey = `${facet}|${name.toLowerCase()}`;
      if (!this.entities.has(cacheKey)) {
        const answer = await call<{ elements: { urn: string; name: string }[] }>({
          method: 'GET',
          path: 'adTargetingEntities',
          query: `q=typeahead&queryVersion=QUERY_USES_URNS&facet=${encodeURIComponent(facet)}&query=${encodeURIComponent(name)}`,
        });
        const match = answer.body.elements.find(
          (e) => e.name.trim().toLowerCase() === name.trim().toLowerCase(),
        );
        this.entities.set(cacheKey, match?.urn ?? null);
      }
      const urn = this.entities.get(cacheKey);
      if (urn) found.set(facet === interestsFacet ? key.trim().toLowerCase() : key, urn);
    }
    return found;
  }

  private createdId(id: string | undefined): string {
    if (!id) throw new Error('LinkedIn did not say the id of what it created (x-restli-id)');
    return id;
  }

  private ensureObject(
    ad: DeliverableAd,
    kind: 'campaign' | 'ad_set',
    localId: string,
    create: () => Promise<string>,
  ): Promise<string> {
    return ensureChannelObject(
      this.deps.db,
      { orgId: ad.orgId, channel: 'linkedin', kind, localId },
      create,
    );
  }

  /**
   * The organisation's LinkedIn connection (undefined: not connected, simulate). One needing
   * re-authorization fails the call; a refreshable token close to expiry is refreshed first.
   */
  private async connectionOf(orgId: string): Promise<Connection | undefined> {
    const connection = await this.deps.store.find(orgId, 'linkedin');
    if (!connection) return undefined;
    if (connection.status === 'needs_reauth')
      throw new LinkedInReauthError(
        'The LinkedIn connection needs to be authorized again by an owner or admin',
      );
    const expiresAt = connection.tokenExpiresAt ? Date.parse(connection.tokenExpiresAt) : null;
    if (connection.refreshToken && expiresAt !== null && expiresAt - Date.now() < refreshWithinMs)
      return this.refreshed(connection);
    return connection;
  }

  /** Refreshes the token and stores it; a refused refresh marks the connection `needs_reauth`. */
  private async refreshed(connection: Connection): Promise<Connection> {
    const reauth = async (reason: string): Promise<never> => {
      await this.deps.store.markNeedsReauth(connection.orgId, connection.id, reason);
      throw new LinkedInReauthError(reason);
    };
    if (!connection.refreshToken)
      return reauth('The LinkedIn access token expired and the grant has no refresh token');
    let token;
    try {
      token = await refreshLinkedInToken(
        this.deps.client,
        this.deps.config,
        connection.refreshToken,
        new Date(),
      );
    } catch (error) {
      if (error instanceof LinkedInApiError && error.status < 500)
        return reauth(`LinkedIn refused to refresh the token: ${error.message}`);
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
   * Runs calls with the connection's token. 401 `EXPIRED_ACCESS_TOKEN` refreshes the token and
   * runs the work once more; any other 401 marks the connection `needs_reauth`.
   */
  private async guarded<T>(connection: Connection, work: (call: Call) => Promise<T>): Promise<T> {
    const run = (current: Connection) =>
      work((request) =>
        this.deps.client.call(current.externalAccountId, current.accessToken, request),
      );
    try {
      return await run(connection);
    } catch (error) {
      if (!(error instanceof LinkedInApiError)) throw error;
      if (error.tokenExpired) return run(await this.refreshed(connection));
      if (error.tokenInvalid) {
        await this.deps.store.markNeedsReauth(connection.orgId, connection.id, error.message);
        throw new LinkedInReauthError(`LinkedIn refused the token: ${error.message}`);
      }
      throw error;
    }
  }
}

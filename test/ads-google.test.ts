import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adAccountConnections,
  performanceDaily,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import {
  startFakeGoogleAdsServer,
  type FakeGoogleAdsServer,
} from './support/fake-google-ads-server.js';
import {
  approvedAdCampaign,
  deliverNow,
  publishedAd as publishedAdOf,
} from './support/ad-campaigns.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Connection {
  id: string;
  provider: string;
  status: string;
  account_id: string;
  account_name: string;
  currency: string;
  scopes: string[];
}
interface Ad {
  id: string;
  external_id: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('Google Ads accounts: connection, publishing and metrics (fake Google Ads API)', () => {
  let google: FakeGoogleAdsServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  /** The owner's campaign published to Google Ads, and its ad. */
  let published: { campaignId: string; adId: string; externalId: string };
  let lastCallback: string;

  async function connect(
    token: string,
    body: Record<string, unknown> = { provider: 'google_ads' },
  ) {
    const started = await api('POST', '/api/v1/ads/connections', { token, body });
    expect(started.status).toBe(201);
    const { authorization_url } = await json<{ authorization_url: string }>(started);
    const consent = google.authorize(authorization_url);
    expect(consent.redirectUri).toBe(
      `${app.config.publicUrl}/api/v1/ads/connections/google_ads/callback`,
    );
    lastCallback = `${app.url}/api/v1/ads/connections/google_ads/callback?code=${encodeURIComponent(consent.code)}&state=${consent.state}`;
    return fetch(lastCallback, { redirect: 'manual' });
  }

  async function connections(token: string) {
    return (await json<Page<Connection>>(await api('GET', '/api/v1/ads/connections', { token })))
      .data;
  }

  const approvedCampaign = (
    token: string,
    options: { currency?: string; budget?: number; interests?: string[] } = {},
  ) =>
    approvedAdCampaign(api, token, {
      campaign: {
        name: `Search launch ${Math.random().toString(36).slice(2, 7)}`,
        budget: { amount_minor: 1_000_000, currency: options.currency ?? 'USD' },
      },
      adSet: {
        channel: 'google_ads',
        targeting: {
          age_min: 18,
          age_max: 70,
          countries: ['CR', 'PA'],
          languages: ['es'],
          interests: options.interests ?? ['electric bikes', 'cycling'],
        },
        daily_budget_minor: options.budget ?? 5_000,
      },
      ad: {
        headline: 'Volta electric bikes for the whole city',
        body: 'Ride electric from 19 USD a month. Free service for a year and delivery in 48 hours.',
      },
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  const publishedAd = (token: string, orgId: string, campaignId: string, adId: string) =>
    publishedAdOf<Ad>(app, { token, orgId }, campaignId, adId);

  const apiCalls = () => google.requests.filter((r) => r.path.startsWith('/v22/'));

  beforeAll(async () => {
    google = await startFakeGoogleAdsServer();
    app = await startTestApp({
      env: {
        GOOGLE_ADS_CLIENT_ID: google.clientId,
        GOOGLE_ADS_CLIENT_SECRET: google.clientSecret,
        GOOGLE_ADS_DEVELOPER_TOKEN: google.developerToken,
        GOOGLE_ADS_API_BASE_URL: google.url,
        GOOGLE_OAUTH_AUTHORIZE_URL: `${google.url}/auth`,
        GOOGLE_OAUTH_TOKEN_URL: `${google.url}/token`,
        GOOGLE_OAUTH_REVOKE_URL: `${google.url}/revoke`,
        GOOGLE_ADS_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await google?.close();
  });

  it('offers Google Ads to owners only, and refuses bad input and accounts the user cannot reach', async () => {
    const marketer = await createMember(app, owner.token, 'marketer');
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: marketer,
          body: { provider: 'google_ads' },
        })
      ).status,
    ).toBe(403);
    const providers = await json<{ data: { provider: string }[] }>(
      await api('GET', '/api/v1/ads/connection-providers', { token: owner.token }),
    );
    expect(providers.data.find((p) => p.provider === 'google_ads')).toMatchObject({
      provider: 'google_ads',
      label: 'Google Ads',
      credential_kind: 'oauth',
      channels: ['google_ads'],
      required_settings: {},
    });
    const badId = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: { provider: 'google_ads', ad_account_id: 'act_1001' },
    });
    expect(badId.status).toBe(400);
    expect(badId.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: owner.token,
          body: { provider: 'google_ads', api_key: 'abc' },
        })
      ).status,
    ).toBe(400);
    // Neither directly accessible nor under the user's manager account: refused, nothing stored.
    const foreign = await connect(owner.token, {
      provider: 'google_ads',
      ad_account_id: '999-999-9999',
    });
    expect(foreign.status).toBe(400);
    expect(await connections(owner.token)).toEqual([]);
  });

  it('connects through Google’s consent screen, reaching the account through the user’s manager', async () => {
    const callback = await connect(owner.token, {
      provider: 'google_ads',
      ad_account_id: '444-555-6666',
    });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(
      `${app.config.publicUrl}/integrations?connected=google_ads`,
    );
    expect((await fetch(lastCallback, { redirect: 'manual' })).status).toBe(400);
    const list = await connections(owner.token);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      provider: 'google_ads',
      status: 'active',
      account_id: '4445556666',
      account_name: 'Volta Bikes Search',
      currency: 'USD',
      scopes: ['https://www.googleapis.com/auth/adwords'],
    });
    expect(JSON.stringify(list)).not.toMatch(/ya29\.|1\/\//);
    const [row] = await app.runtime.db
      .select()
      .from(adAccountConnections)
      .where(eq(adAccountConnections.orgId, owner.orgId));
    expect(row!.accessTokenEncrypted.startsWith('v1.')).toBe(true);
    expect(row!.refreshTokenEncrypted).not.toBeNull();
    expect(row!.refreshTokenEncrypted).not.toMatch(/1\/\//);
    expect(row!.settings).toEqual({ loginCustomerId: '1112223333' });
    const exchange = google.requests.find((r) => r.form.grant_type === 'authorization_code')!;
    expect(exchange.form.code_verifier).toBeTruthy();
    // The name and currency came from GAQL on the client, through the manager account.
    const lookup = google.requests.find((r) =>
      String(r.body.query ?? '').includes('FROM customer_client'),
    )!;
    expect(lookup.path).toBe('/v22/customers/1112223333/googleAds:search');
    expect(lookup.headers['login-customer-id']).toBe('1112223333');
    // Another organisation sees none of it and cannot remove it.
    expect(await connections(other.token)).toEqual([]);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${list[0]!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
  });

  it('publishes an approved campaign as budget, Search campaign, locations, ad group, keywords and RSA; pauses and resumes it', async () => {
    // Google answers one RESOURCE_EXHAUSTED while the campaign is created: retried after its delay.
    google.rateLimitOnce(/campaigns:mutate$/);
    const before = apiCalls().length;
    const { campaignId, adId } = await approvedCampaign(owner.token);
    const ad = await publishedAd(owner.token, owner.orgId, campaignId, adId);
    expect(ad.external_id).toMatch(/^customers\/4445556666\/adGroupAds\/\d+~\d+$/);
    published = { campaignId, adId, externalId: ad.external_id! };

    const calls = apiCalls().slice(before);
    expect(calls.filter((r) => r.path.endsWith('/campaigns:mutate'))).toHaveLength(3);
    for (const call of calls) {
      expect(call.headers['developer-token']).toBe(google.developerToken);
      expect(call.headers['login-customer-id']).toBe('1112223333');
    }
    const created = [...google.objects.values()];
    const budget = created.find((o) => o.service === 'campaignBudgets')!;
    // 50.00 USD a day: 5,000 cents × 10,000 micros per cent.
    expect(budget).toMatchObject({ amountMicros: '50000000', deliveryMethod: 'STANDARD' });
    const campaign = created.find((o) => o.service === 'campaigns')!;
    expect(campaign).toMatchObject({
      advertisingChannelType: 'SEARCH',
      status: 'ENABLED',
      startDate: today(),
      endDate: inDays(10),
      targetSpend: {},
      containsEuPoliticalAdvertising: 'DOES_NOT_CONTAIN_EU_POLITICAL_ADVERTISING',
    });
    const locations = created
      .filter((o) => o.service === 'campaignCriteria')
      .map((o) => (o.location as { geoTargetConstant: string }).geoTargetConstant);
    expect(locations.sort()).toEqual(['geoTargetConstants/2188', 'geoTargetConstants/2591']);
    const keywords = created.filter((o) => o.service === 'adGroupCriteria').map((o) => o.keyword);
    expect(keywords).toEqual([
      { text: 'electric bikes', matchType: 'BROAD' },
      { text: 'cycling', matchType: 'BROAD' },
    ]);
    const adGroupAd = google.objects.get(ad.external_id!)!;
    const rsa = (
      adGroupAd.ad as {
        responsiveSearchAd: {
          headlines: { text: string; pinnedField?: string }[];
          descriptions: { text: string }[];
        };
        finalUrls: string[];
      }
    ).responsiveSearchAd;
    expect(rsa.headlines.slice(0, 2)).toEqual([
      { text: 'Volta electric bikes for the', pinnedField: 'HEADLINE_1' },
      { text: 'whole city', pinnedField: 'HEADLINE_2' },
    ]);
    expect(rsa.headlines.map((h) => h.text)).toContain('Shop now');
    expect(rsa.headlines.every((h) => h.text.length <= 30)).toBe(true);
    expect(rsa.descriptions[0]!.text).toBe(
      'Ride electric from 19 USD a month. Free service for a year and delivery in 48 hours.',
    );
    expect(adGroupAd.status).toBe('ENABLED');

    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/pause`, { token: owner.token })).status,
    ).toBe(200);
    expect(google.objects.get(ad.external_id!)!.status).toBe('PAUSED');
    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/resume`, { token: owner.token })).status,
    ).toBe(200);
    expect(google.objects.get(ad.external_id!)!.status).toBe('ENABLED');
  });

  it('pulls daily metrics by country through searchStream into the performance facts', async () => {
    const adGroupId = /adGroupAds\/(\d+)~/.exec(published.externalId)![1]!;
    const row = (country: string, type: string, metrics: Record<string, unknown>) => ({
      geographicView: {
        resourceName: `customers/4445556666/geographicViews/${country}~${type}`,
        countryCriterionId: country,
        locationType: type,
      },
      segments: { date: today() },
      metrics,
    });
    google.setGeographicView(adGroupId, [
      row('2188', 'LOCATION_OF_PRESENCE', {
        impressions: '1000',
        clicks: '40',
        costMicros: '12340000',
        conversions: 1.6,
        conversionsValue: 99.5,
      }),
      row('2188', 'AREA_OF_INTEREST', {
        impressions: '200',
        clicks: '5',
        costMicros: '1000000',
        conversions: 0.4,
        conversionsValue: 0,
      }),
      row('2591', 'LOCATION_OF_PRESENCE', {
        impressions: '300',
        clicks: '5',
        costMicros: '2000000',
        conversions: 0,
        conversionsValue: 0,
      }),
    ]);
    await deliver(owner.orgId, published.campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(
        and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, published.adId)),
      );
    expect(facts.find((f) => f.country === 'CR')).toMatchObject({
      channel: 'google_ads',
      day: today(),
      impressions: 1200,
      clicks: 45,
      conversions: 2,
      costMinor: 1334,
      revenueMinor: 9950,
      currency: 'USD',
    });
    expect(facts.find((f) => f.country === 'PA')!.costMinor).toBe(200);
    const stream = google.requests.findLast((r) => r.path.endsWith('googleAds:searchStream'))!;
    expect(stream.path).toBe('/v22/customers/4445556666/googleAds:searchStream');
    expect(String(stream.body.query)).toContain(
      `FROM geographic_view WHERE ad_group.id = ${adGroupId}`,
    );
  });

  it('refreshes an expired access token (before expiry, and on UNAUTHENTICATED) and keeps the new one', async () => {
    const tokenOf = async () =>
      (
        await app.runtime.db
          .select()
          .from(adAccountConnections)
          .where(eq(adAccountConnections.orgId, owner.orgId))
      )[0]!;
    // Google refuses the current token: the call is refreshed and made again.
    google.expireAccessTokens();
    const stored = await tokenOf();
    const refreshes = () => google.requests.filter((r) => r.form.grant_type === 'refresh_token');
    const before = refreshes().length;
    await deliver(owner.orgId, published.campaignId);
    expect(refreshes()).toHaveLength(before + 1);
    const after = await tokenOf();
    expect(after.accessTokenEncrypted).not.toBe(stored.accessTokenEncrypted);
    expect(after.status).toBe('active');
    const last = google.requests.at(-1)!;
    expect(last.path).toMatch(/googleAds:searchStream$/);

    // A token about to expire is refreshed before the call.
    await app.runtime.db
      .update(adAccountConnections)
      .set({ tokenExpiresAt: new Date(Date.now() + 60_000).toISOString() })
      .where(eq(adAccountConnections.orgId, owner.orgId));
    const calls = google.requests.length;
    await deliver(owner.orgId, published.campaignId);
    expect(google.requests[calls]!.form.grant_type).toBe('refresh_token');
    expect(Date.parse((await tokenOf()).tokenExpiresAt!)).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('keeps organisations without a Google Ads connection on the simulated channel; Google sends no webhooks', async () => {
    const objects = google.objects.size;
    const { campaignId, adId } = await approvedCampaign(other.token);
    const ad = await publishedAd(other.token, other.orgId, campaignId, adId);
    expect(ad.external_id).toBe(`sim-google_ads-${adId}`);
    expect(google.objects.size).toBe(objects);
    // Nothing Google sends is accepted as a webhook: an unsigned post is refused.
    const post = await fetch(`${app.url}/webhooks/ads/google_ads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceName: published.externalId, status: 'PAUSED' }),
    });
    expect(post.status).toBe(401);
  });

  it('marks the connection needs_reauth when Google refuses the refresh, and stops calling', async () => {
    google.revokeAllGrants();
    await deliver(owner.orgId, published.campaignId);
    const [connection] = await connections(owner.token);
    expect(connection!.status).toBe('needs_reauth');
    const calls = google.requests.length;
    await deliver(owner.orgId, published.campaignId);
    expect(google.requests.length).toBe(calls);
    // Publishing a new campaign fails plainly (whether this call or the approval's job gets to
    // it first) instead of falling back to the simulation.
    const fresh = await approvedCampaign(owner.token);
    const failure = await deliver(owner.orgId, fresh.campaignId).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (failure) expect(String(failure)).toMatch(/authorized again/);
    const unpublished = await json<Ad>(
      await api('GET', `/api/v1/ads/${fresh.adId}`, { token: owner.token }),
    );
    expect(unpublished.external_id).toBeNull();
    expect(google.requests.length).toBe(calls);
    expect(
      (await connect(owner.token, { provider: 'google_ads', ad_account_id: '4445556666' })).status,
    ).toBe(303);
    expect((await connections(owner.token))[0]!.status).toBe('active');
  });

  it('budgets a JPY account in yen micros, and disconnecting revokes the grant at Google', async () => {
    // Without an account asked for: the first enabled non-manager account the user reaches.
    expect((await connect(other.token)).status).toBe(303);
    const [connection] = await connections(other.token);
    expect(connection).toMatchObject({ account_id: '7778889999', currency: 'JPY' });
    const { campaignId, adId } = await approvedCampaign(other.token, {
      currency: 'JPY',
      budget: 3_000,
    });
    const ad = await publishedAd(other.token, other.orgId, campaignId, adId);
    expect(ad.external_id).toMatch(/^customers\/7778889999\/adGroupAds\//);
    const budget = [...google.objects.values()].find(
      (o) => o.service === 'campaignBudgets' && o.customer === '7778889999',
    )!;
    expect(budget.amountMicros).toBe('3000000000');
    const publishCalls = google.requests.filter((r) => r.path.includes('/customers/7778889999/'));
    expect(publishCalls.every((r) => r.headers['login-customer-id'] === undefined)).toBe(true);

    const revoked = google.revokedTokens.length;
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: other.token }))
        .status,
    ).toBe(204);
    expect(google.revokedTokens.length).toBe(revoked + 1);
    expect(google.revokedTokens.at(-1)).toMatch(/^1\/\//);
    expect(await connections(other.token)).toEqual([]);
    expect(await connections(owner.token)).toHaveLength(1);
  });
});

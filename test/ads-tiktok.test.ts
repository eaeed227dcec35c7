import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adAccountConnections,
  performanceDaily,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import { startFakeTikTokServer, type FakeTikTokServer } from './support/fake-tiktok-server.js';
import { approvedAdCampaign, deliverNow, publishedAd } from './support/ad-campaigns.js';
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
}
interface Ad {
  id: string;
  external_id: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const advertiserId = '7001000000000000001';

describe('TikTok advertisers: connection, publishing, metrics, token refresh (fake Business API)', () => {
  let tiktok: FakeTikTokServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let published: string;

  /** Starts the OAuth dance as `token`'s organisation and lets the fake advertiser consent. */
  async function connect(token: string, body: Record<string, unknown> = { provider: 'tiktok' }) {
    const started = await api('POST', '/api/v1/ads/connections', { token, body });
    expect(started.status).toBe(201);
    const { authorization_url } = await json<{ authorization_url: string }>(started);
    const consent = tiktok.authorize(authorization_url);
    expect(consent.redirectUri).toBe(
      `${app.config.publicUrl}/api/v1/ads/connections/tiktok/callback`,
    );
    // TikTok names the code `auth_code`.
    return fetch(
      `${app.url}/api/v1/ads/connections/tiktok/callback?auth_code=${consent.code}&state=${consent.state}`,
      { redirect: 'manual' },
    );
  }

  async function connections(token: string) {
    return (await json<Page<Connection>>(await api('GET', '/api/v1/ads/connections', { token })))
      .data;
  }

  const approvedCampaign = (token: string) =>
    approvedAdCampaign(api, token, {
      campaign: { name: 'TikTok launch' },
      adSet: {
        channel: 'tiktok',
        targeting: {
          age_min: 25,
          age_max: 44,
          genders: ['female'],
          countries: ['CR', 'PA', 'ZZ'],
          languages: ['es'],
          interests: ['Cycling', 'Knitting'],
        },
        daily_budget_minor: 50_050,
      },
      ad: { body: 'Ride electric through the city' },
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  async function storedToken(orgId: string) {
    const [row] = await app.runtime.db
      .select()
      .from(adAccountConnections)
      .where(
        and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.provider, 'tiktok')),
      );
    return row!;
  }

  beforeAll(async () => {
    tiktok = await startFakeTikTokServer({ refreshable: true, maxPageSize: 1 });
    app = await startTestApp({
      env: {
        TIKTOK_APP_ID: tiktok.appId,
        TIKTOK_APP_SECRET: tiktok.secret,
        TIKTOK_API_BASE_URL: tiktok.url,
        TIKTOK_AUTH_URL: tiktok.authUrl,
        TIKTOK_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await tiktok?.close();
  });

  it('offers TikTok to owners only, refuses bad ids and advertisers that did not authorize the app', async () => {
    const marketer = await createMember(app, owner.token, 'marketer');
    const providers = await api('GET', '/api/v1/ads/connection-providers', { token: owner.token });
    expect(await providers.json()).toMatchObject({
      data: [{ provider: 'tiktok', credential_kind: 'oauth', channels: ['tiktok'] }],
    });
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: marketer,
          body: { provider: 'tiktok' },
        })
      ).status,
    ).toBe(403);
    const badId = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: { provider: 'tiktok', ad_account_id: 'act_12' },
    });
    expect(badId.status).toBe(400);
    expect(badId.headers.get('content-type')).toContain('application/problem+json');
    const foreign = await connect(owner.token, { provider: 'tiktok', ad_account_id: '999' });
    expect(foreign.status).toBe(400);
    expect(await connections(owner.token)).toEqual([]);
  });

  it('connects through the authorization page: advertiser name and currency, tokens encrypted', async () => {
    const callback = await connect(owner.token);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(
      `${app.config.publicUrl}/integrations?connected=tiktok`,
    );
    const [connection] = await connections(owner.token);
    expect(connection).toMatchObject({
      provider: 'tiktok',
      status: 'active',
      account_id: advertiserId,
      account_name: 'Volta TikTok',
      currency: 'USD',
    });
    const row = await storedToken(owner.orgId);
    expect(row.accessTokenEncrypted.startsWith('v1.')).toBe(true);
    expect(row.refreshTokenEncrypted).not.toBeNull();
    const exchange = tiktok.requests.find((r) => r.path === 'oauth2/access_token/')!;
    expect(exchange.params).toMatchObject({ app_id: tiktok.appId, secret: tiktok.secret });
    expect(await connections(other.token)).toEqual([]);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
  });

  it('publishes an approved campaign to TikTok, pauses it, and pulls its report into the facts', async () => {
    tiktok.rateLimitOnce(/^adgroup\/create\/$/);
    const { campaignId, adId } = await approvedCampaign(owner.token);
    published = campaignId;
    const ad = await publishedAd<Ad>(app, owner, campaignId, adId);
    expect(ad.external_id).toMatch(/^\d+$/);
    // The rate-limited answer (40100 in an HTTP 200) was retried.
    expect(tiktok.requests.filter((r) => r.path === 'adgroup/create/')).toHaveLength(2);

    const created = [...tiktok.objects.values()];
    expect(created.find((o) => o.kind === 'campaign')).toMatchObject({
      advertiser_id: advertiserId,
      campaign_name: 'TikTok launch',
      objective_type: 'TRAFFIC',
    });
    expect(created.find((o) => o.kind === 'adgroup')).toMatchObject({
      budget_mode: 'BUDGET_MODE_DAY',
      budget: 500.5,
      location_ids: ['3624060', '3703430'],
      age_groups: ['AGE_25_34', 'AGE_35_44'],
      gender: 'GENDER_FEMALE',
      languages: ['es'],
      interest_category_ids: ['15001000000'],
      optimization_goal: 'CLICK',
      billing_event: 'CPC',
      schedule_type: 'SCHEDULE_START_END',
      schedule_start_time: `${today()} 00:00:00`,
      schedule_end_time: `${inDays(10)} 23:59:59`,
    });
    expect(tiktok.objects.get(ad.external_id!)).toMatchObject({
      ad_format: 'SINGLE_VIDEO',
      identity_type: 'CUSTOMIZED_USER',
      ad_text: 'Ride electric through the city',
      call_to_action: 'SHOP_NOW',
    });

    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/pause`, { token: owner.token })).status,
    ).toBe(200);
    expect(tiktok.objects.get(ad.external_id!)!.operation_status).toBe('DISABLE');
    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/resume`, { token: owner.token })).status,
    ).toBe(200);
    expect(tiktok.objects.get(ad.external_id!)!.operation_status).toBe('ENABLE');

    const row = (country: string, metrics: Record<string, string>) => ({
      dimensions: {
        ad_id: ad.external_id,
        stat_time_day: `${today()} 00:00:00`,
        country_code: country,
      },
      metrics,
    });
    tiktok.setReport(ad.external_id!, [
      row('CR', {
        spend: '12.34',
        impressions: '1200',
        clicks: '40',
        conversion: '2',
        likes: '7',
        comments: '1',
        shares: '2',
      }),
      row('PA', {
        spend: '2.00',
        impressions: '300',
        clicks: '5',
        conversion: '0',
        likes: '0',
        comments: '0',
        shares: '0',
      }),
    ]);
    await deliver(owner.orgId, campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, adId)));
    expect(facts.find((f) => f.country === 'CR')).toMatchObject({
      channel: 'tiktok',
      day: today(),
      impressions: 1200,
      clicks: 40,
      reactions: 7,
      interactions: 10,
      conversions: 2,
      costMinor: 1234,
      currency: 'USD',
    });
    expect(facts.find((f) => f.country === 'PA')!.costMinor).toBe(200);
    // The fake serves one row a page: both pages were read.
    const reportCalls = tiktok.requests.filter((r) => r.path === 'report/integrated/get/');
    expect(reportCalls.map((r) => r.params.page)).toEqual(expect.arrayContaining(['1', '2']));
    expect(reportCalls[0]!.params).toMatchObject({
      data_level: 'AUCTION_AD',
      dimensions: ['ad_id', 'stat_time_day', 'country_code'],
    });
  });

  it('keeps organisations without a TikTok connection on the simulated channel', async () => {
    const before = tiktok.objects.size;
    const { campaignId, adId } = await approvedCampaign(other.token);
    // Approval also queues a delivery job: whichever of the two activates it publishes it.
    const ad = await publishedAd<Ad>(app, other, campaignId, adId);
    expect(ad.external_id).toBe(`sim-tiktok-${adId}`);
    expect(tiktok.objects.size).toBe(before);
  });

  it('does not take unsigned TikTok notifications as genuine', async () => {
    const body = JSON.stringify({ event: 'ad.review', ad_id: '1', status: 'REJECTED' });
    const answer = await fetch(`${app.url}/webhooks/ads/tiktok`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(answer.status).toBe(401);
  });

  it('refreshes an expiring token before calling, and an expired one when TikTok says so', async () => {
    // Close to expiry: refreshed first, the new tokens stored.
    const before = await storedToken(owner.orgId);
    await app.runtime.db
      .update(adAccountConnections)
      .set({ tokenExpiresAt: new Date(Date.now() + 60_000).toISOString() })
      .where(eq(adAccountConnections.id, before.id));
    const calls = tiktok.requests.length;
    await deliver(owner.orgId, published);
    expect(tiktok.requests[calls]!.path).toBe('oauth2/refresh_token/');
    const proactive = await storedToken(owner.orgId);
    expect(proactive.accessTokenEncrypted).not.toBe(before.accessTokenEncrypted);
    expect(Date.parse(proactive.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    // TikTok calls the token expired (40102): refreshed, and the call made again.
    tiktok.expireTokens();
    const mark = tiktok.requests.length;
    await deliver(owner.orgId, published);
    const after = tiktok.requests.slice(mark).map((r) => r.path);
    expect(after).toContain('oauth2/refresh_token/');
    expect(after.filter((p) => p === 'report/integrated/get/').length).toBeGreaterThanOrEqual(2);
    expect((await connections(owner.token))[0]!.status).toBe('active');

    // A refused refresh: needs_reauth, and no more calls.
    tiktok.expireTokens();
    tiktok.refuseRefreshes();
    await deliver(owner.orgId, published);
    expect((await connections(owner.token))[0]!.status).toBe('needs_reauth');
    const quiet = tiktok.requests.length;
    await deliver(owner.orgId, published);
    expect(tiktok.requests.length).toBe(quiet);
    // Connecting again makes it active.
    expect((await connect(owner.token)).status).toBe(303);
    expect((await connections(owner.token))[0]!.status).toBe('active');
  });

  it('disconnects: the token is revoked at TikTok and the connection deleted', async () => {
    const [connection] = await connections(owner.token);
    const revoked = tiktok.revokedTokens.length;
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    expect(tiktok.revokedTokens.length).toBe(revoked + 1);
    expect(tiktok.requests.at(-1)).toMatchObject({
      path: 'oauth2/revoke_token/',
      params: { app_id: tiktok.appId, secret: tiktok.secret },
    });
    expect(await connections(owner.token)).toEqual([]);
  });
});

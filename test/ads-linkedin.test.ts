import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkedinChallengeResponse,
  signLinkedInWebhook,
} from '../src/modules/ads/domain/linkedin-webhook.js';
import {
  adAccountConnections,
  performanceDaily,
  webhookReceipts,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import {
  startFakeLinkedInServer,
  type FakeLinkedInServer,
} from './support/fake-linkedin-server.js';
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
  scopes: string[];
}
interface Ad {
  id: string;
  external_id: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('LinkedIn ad accounts: connection, publishing, metrics, refresh and webhooks (fake Marketing API)', () => {
  let linkedin: FakeLinkedInServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let published: { campaignId: string; creative: string };

  async function connect(token: string, body: Record<string, unknown> = { provider: 'linkedin' }) {
    const started = await api('POST', '/api/v1/ads/connections', { token, body });
    expect(started.status).toBe(201);
    const { authorization_url } = await json<{ authorization_url: string }>(started);
    const consent = linkedin.authorize(authorization_url);
    expect(consent.redirectUri).toBe(
      `${app.config.publicUrl}/api/v1/ads/connections/linkedin/callback`,
    );
    expect(new URL(authorization_url).searchParams.get('scope')).toBe(
      'r_ads rw_ads r_ads_reporting',
    );
    return fetch(
      `${app.url}/api/v1/ads/connections/linkedin/callback?code=${consent.code}&state=${consent.state}`,
      { redirect: 'manual' },
    );
  }

  async function connections(token: string) {
    return (await json<Page<Connection>>(await api('GET', '/api/v1/ads/connections', { token })))
      .data;
  }

  const approvedCampaign = (token: string) =>
    approvedAdCampaign(api, token, {
      campaign: { name: 'LinkedIn launch', objective: 'leads' },
      adSet: {
        name: 'Fleet managers',
        channel: 'linkedin',
        targeting: {
          age_min: 25,
          age_max: 54,
          countries: ['CR', 'PA'],
          languages: ['es'],
          interests: ['Cycling', 'Knitting'],
        },
        daily_budget_minor: 50_050,
      },
      ad: {
        headline: 'Volta fleets go electric today',
        body: 'Electric bikes for your whole delivery fleet',
        call_to_action: 'Learn more',
      },
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  async function storedRow(orgId: string) {
    const [row] = await app.runtime.db
      .select()
      .from(adAccountConnections)
      .where(
        and(eq(adAccountConnections.orgId, orgId), eq(adAccountConnections.provider, 'linkedin')),
      );
    return row!;
  }

  const restCalls = (path: string) => linkedin.requests.filter((r) => r.path === `/rest/${path}`);

  beforeAll(async () => {
    linkedin = await startFakeLinkedInServer({ refreshable: true });
    app = await startTestApp({
      env: {
        LINKEDIN_CLIENT_ID: linkedin.clientId,
        LINKEDIN_CLIENT_SECRET: linkedin.clientSecret,
        LINKEDIN_API_BASE_URL: linkedin.url,
        LINKEDIN_OAUTH_URL: linkedin.oauthUrl,
        LINKEDIN_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await linkedin?.close();
  });

  it('offers LinkedIn to owners only, refuses bad ids and accounts the member cannot use', async () => {
    const marketer = await createMember(app, owner.token, 'marketer');
    const providers = await api('GET', '/api/v1/ads/connection-providers', { token: owner.token });
    expect(await providers.json()).toMatchObject({
      data: [{ provider: 'linkedin', credential_kind: 'oauth', channels: ['linkedin'] }],
    });
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: marketer,
          body: { provider: 'linkedin' },
        })
      ).status,
    ).toBe(403);
    const badId = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: { provider: 'linkedin', ad_account_id: 'act_1' },
    });
    expect(badId.status).toBe(400);
    expect(badId.headers.get('content-type')).toContain('application/problem+json');
    expect((await connect(owner.token, { provider: 'linkedin', ad_account_id: '42' })).status).toBe(
      400,
    );
    expect(await connections(owner.token)).toEqual([]);
  });

  it('connects: the account asked for (found on the second page), tokens encrypted', async () => {
    const mark = linkedin.requests.length;
    const callback = await connect(owner.token, {
      provider: 'linkedin',
      ad_account_id: '507404994',
    });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(
      `${app.config.publicUrl}/integrations?connected=linkedin`,
    );
    const [connection] = await connections(owner.token);
    expect(connection).toMatchObject({
      provider: 'linkedin',
      status: 'active',
      account_id: '507404994',
      account_name: 'Volta Archive',
      currency: 'USD',
    });
    expect(connection!.scopes).toEqual(['r_ads', 'r_ads_reporting', 'rw_ads']);
    expect(
      linkedin.requests
        .slice(mark)
        .filter((r) => r.path === '/rest/adAccounts')
        .map((r) => new URLSearchParams(r.query).get('pageToken')),
    ).toEqual([null, '1']);
    const row = await storedRow(owner.orgId);
    expect(row.accessTokenEncrypted.startsWith('v1.')).toBe(true);
    expect(row.accessTokenEncrypted).not.toMatch(/AQV/);
    // Connecting again without an account id takes the first active one (same row, updated).
    expect((await connect(owner.token)).status).toBe(303);
    const again = await connections(owner.token);
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({
      account_id: '507404993',
      account_name: 'Volta Bikes LinkedIn',
    });
    expect(await connections(other.token)).toEqual([]);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${again[0]!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
  });

  it('publishes an approved campaign, honours Retry-After, pauses it and pulls analytics into the facts', async () => {
    linkedin.rateLimitOnce(/^adAccounts\/\d+\/adCampaigns$/, 1);
    const { campaignId, adId } = await approvedCampaign(owner.token);
    const ad = await publishedAd<Ad>(app, owner, campaignId, adId);
    expect(ad.external_id).toMatch(/^urn:li:sponsoredCreative:\d+$/);
    published = { campaignId, creative: ad.external_id! };

    const attempts = restCalls('adAccounts/507404993/adCampaigns');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    for (const request of attempts) {
      expect(request.headers['linkedin-version']).toBe('202411');
      expect(request.headers['x-restli-protocol-version']).toBe('2.0.0');
    }

    const created = [...linkedin.objects.values()];
    const group = created.find((o) => o.kind === 'adCampaignGroups')!;
    expect(group).toMatchObject({
      account: 'urn:li:sponsoredAccount:507404993',
      name: 'LinkedIn launch',
      status: 'ACTIVE',
    });
    expect(created.find((o) => o.kind === 'adCampaigns')).toMatchObject({
      type: 'TEXT_AD',
      objectiveType: 'WEBSITE_VISIT',
      costType: 'CPC',
      dailyBudget: { amount: '500.50', currencyCode: 'USD' },
      locale: { country: 'ES', language: 'es' },
      targetingCriteria: {
        include: {
          and: [
            {
              or: {
                'urn:li:adTargetingFacet:locations': [
                  'urn:li:geo:101739942',
                  'urn:li:geo:100808673',
                ],
              },
            },
            {
              or: {
                'urn:li:adTargetingFacet:ageRanges': [
                  'urn:li:ageRange:(25,34)',
                  'urn:li:ageRange:(35,54)',
                ],
              },
            },
            { or: { 'urn:li:adTargetingFacet:interfaceLocales': ['urn:li:locale:es_ES'] } },
            { or: { 'urn:li:adTargetingFacet:interests': ['urn:li:interest:651'] } },
          ],
        },
      },
    });
    expect(linkedin.objects.get(ad.external_id!)).toMatchObject({
      intendedStatus: 'ACTIVE',
      content: {
        textAd: {
          headline: 'Volta fleets go electric ',
          description: 'Electric bikes for your whole delivery fleet',
        },
      },
    });

    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/pause`, { token: owner.token })).status,
    ).toBe(200);
    expect(linkedin.objects.get(ad.external_id!)!.intendedStatus).toBe('PAUSED');
    const patch = linkedin.requests.at(-1)!;
    expect(patch.headers['x-restli-method']).toBe('PARTIAL_UPDATE');
    expect(patch.path).toBe(
      `/rest/adAccounts/507404993/creatives/${encodeURIComponent(ad.external_id!)}`,
    );
    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/resume`, { token: owner.token })).status,
    ).toBe(200);
    expect(linkedin.objects.get(ad.external_id!)!.intendedStatus).toBe('ACTIVE');

    const [year, month, day] = today().split('-').map(Number);
    const row = (geo: string, fields: Record<string, unknown>) => ({
      dateRange: { start: { year, month, day }, end: { year, month, day } },
      pivotValues: [geo],
      ...fields,
    });
    linkedin.setAnalytics(ad.external_id!, [
      row('urn:li:geo:101739942', {
        impressions: 1200,
        clicks: 40,
        costInLocalCurrency: '12.34',
        externalWebsiteConversions: 2,
        conversionValueInLocalCurrency: '99.5',
        likes: 7,
        totalEngagements: 55,
      }),
      row('urn:li:geo:100808673', { impressions: 300, clicks: 5, costInLocalCurrency: '2.0' }),
    ]);
    await deliver(owner.orgId, campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, adId)));
    expect(facts.find((f) => f.country === 'CR')).toMatchObject({
      channel: 'linkedin',
      day: today(),
      impressions: 1200,
      clicks: 40,
      reactions: 7,
      interactions: 55,
      conversions: 2,
      costMinor: 1234,
      revenueMinor: 9950,
      currency: 'USD',
    });
    expect(facts.find((f) => f.country === 'PA')!.costMinor).toBe(200);
    const query = new URLSearchParams(restCalls('adAnalytics')[0]!.query);
    expect(query.get('pivot')).toBe('MEMBER_COUNTRY_V2');
    expect(query.get('creatives')).toBe(`List(${ad.external_id})`);
  });

  it('keeps organisations without a LinkedIn connection on the simulated channel', async () => {
    const before = linkedin.objects.size;
    const { campaignId, adId } = await approvedCampaign(other.token);
    // Approval also queues a delivery job: whichever of the two activates it publishes it.
    const ad = await publishedAd<Ad>(app, other, campaignId, adId);
    expect(ad.external_id).toBe(`sim-linkedin-${adId}`);
    expect(linkedin.objects.size).toBe(before);
  });

  it("answers LinkedIn's endpoint validation challenge", async () => {
    const answer = await fetch(`${app.url}/webhooks/ads/linkedin?challengeCode=890e4665-4dfe`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      challengeCode: '890e4665-4dfe',
      challengeResponse: linkedinChallengeResponse(linkedin.clientSecret, '890e4665-4dfe'),
    });
    expect((await fetch(`${app.url}/webhooks/ads/linkedin`)).status).toBe(403);
  });

  it('verifies X-LI-Signature and records each notification once', async () => {
    const body = JSON.stringify({
      type: 'LEAD_ACTION',
      leadGenFormResponse: 'urn:li:leadGenFormResponse:(urn:li:sponsoredCreative:1,abc)',
      leadGenForm: 'urn:li:leadGenForm:9001',
      owner: { sponsoredAccount: 'urn:li:sponsoredAccount:507404993' },
      associatedEntity: { sponsoredCreative: published.creative },
      leadType: 'SPONSORED',
      leadAction: 'CREATED',
      occurredAt: Date.now(),
    });
    const post = (signature: string, payload = body) =>
      fetch(`${app.url}/webhooks/ads/linkedin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-li-signature': signature },
        body: payload,
      });
    expect((await post('00')).status).toBe(401);
    expect((await post(signLinkedInWebhook('another-secret', body))).status).toBe(401);
    expect((await post(signLinkedInWebhook(linkedin.clientSecret, body), `${body} `)).status).toBe(
      401,
    );
    const receipts = async () =>
      (
        await app.runtime.db
          .select()
          .from(webhookReceipts)
          .where(eq(webhookReceipts.channel, 'linkedin'))
      ).length;
    expect(await receipts()).toBe(0);
    const first = await post(signLinkedInWebhook(linkedin.clientSecret, body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    expect(await receipts()).toBe(1);
    const again = await post(`hmacsha256=${signLinkedInWebhook(linkedin.clientSecret, body)}`);
    expect(again.status).toBe(200);
    expect(await receipts()).toBe(1);
  });

  it('refreshes a token close to expiry and one LinkedIn calls expired; a refused refresh needs reauth', async () => {
    const before = await storedRow(owner.orgId);
    await app.runtime.db
      .update(adAccountConnections)
      .set({ tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() })
      .where(eq(adAccountConnections.id, before.id));
    const mark = linkedin.requests.length;
    await deliver(owner.orgId, published.campaignId);
    expect(linkedin.requests[mark]).toMatchObject({
      path: '/oauth/v2/accessToken',
      body: { grant_type: 'refresh_token' },
    });
    const refreshed = await storedRow(owner.orgId);
    expect(refreshed.accessTokenEncrypted).not.toBe(before.accessTokenEncrypted);
    expect(Date.parse(refreshed.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 50 * 86_400_000);

    // 401 EXPIRED_ACCESS_TOKEN: refreshed and the call made again.
    linkedin.expireTokens();
    const mark2 = linkedin.requests.length;
    await deliver(owner.orgId, published.campaignId);
    const paths = linkedin.requests.slice(mark2).map((r) => r.path);
    expect(paths).toContain('/oauth/v2/accessToken');
    expect(paths.filter((p) => p === '/rest/adAnalytics').length).toBeGreaterThanOrEqual(2);
    expect((await connections(owner.token))[0]!.status).toBe('active');

    linkedin.expireTokens();
    linkedin.refuseRefreshes();
    await deliver(owner.orgId, published.campaignId);
    expect((await connections(owner.token))[0]!.status).toBe('needs_reauth');
    const quiet = linkedin.requests.length;
    await deliver(owner.orgId, published.campaignId);
    expect(linkedin.requests.length).toBe(quiet);
    expect((await connect(owner.token)).status).toBe(303);
    expect((await connections(owner.token))[0]!.status).toBe('active');
  });

  it('disconnects: the token is revoked at LinkedIn and the connection deleted', async () => {
    const [connection] = await connections(owner.token);
    const revoked = linkedin.revokedTokens.length;
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    expect(linkedin.revokedTokens.length).toBe(revoked + 1);
    expect(linkedin.requests.at(-1)).toMatchObject({
      path: '/oauth/v2/revoke',
      body: { client_id: linkedin.clientId, client_secret: linkedin.clientSecret },
    });
    expect(await connections(owner.token)).toEqual([]);
  });
});

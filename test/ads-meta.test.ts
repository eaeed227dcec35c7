import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaWebhook } from '../src/modules/ads/domain/meta-webhook.js';
import {
  adAccountConnections,
  performanceDaily,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import { startFakeMetaServer, type FakeMetaServer } from './support/fake-meta-server.js';
import {
  approvedAdCampaign,
  deliverNow,
  publishedAd as publishedAdOf,
} from './support/ad-campaigns.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A real PNG, as an uploaded image asset holds it. */
const png = new Resvg(
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="63"><rect width="120" height="63" fill="#2952cc"/></svg>',
)
  .render()
  .asPng();

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
  channel_status: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('Meta ad accounts: connection, publishing, metrics and webhooks (fake Graph API)', () => {
  let meta: FakeMetaServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  const verifyToken = 'verify-token-1234';
  /** The owner's campaign published to Meta. */
  let published: string;
  /** The callback URL of the last consent (to replay it). */
  let lastCallback: string;

  /** Starts the OAuth dance as `token`'s organisation and lets the fake user consent. */
  async function connect(token: string, body: Record<string, unknown> = { provider: 'meta' }) {
    const started = await api('POST', '/api/v1/ads/connections', { token, body });
    expect(started.status).toBe(201);
    const { authorization_url } = await json<{ authorization_url: string }>(started);
    const consent = meta.authorize(authorization_url);
    expect(consent.redirectUri).toBe(
      `${app.config.publicUrl}/api/v1/ads/connections/meta/callback`,
    );
    lastCallback = `${app.url}/api/v1/ads/connections/meta/callback?code=${consent.code}&state=${consent.state}`;
    return fetch(lastCallback, { redirect: 'manual' });
  }

  const approvedCampaign = (token: string, channel = 'facebook', contentAssetId?: string) =>
    approvedAdCampaign(api, token, {
      campaign: { name: 'Meta launch' },
      adSet: {
        channel,
        targeting: {
          age_min: 18,
          age_max: 70,
          countries: ['CR', 'PA'],
          languages: ['es'],
          interests: ['cycling', 'underwater chess'],
        },
      },
      ad: contentAssetId ? { content_asset_id: contentAssetId } : {},
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  const publishedAd = (token: string, orgId: string, campaignId: string, adId: string) =>
    publishedAdOf<Ad>(app, { token, orgId }, campaignId, adId);

  beforeAll(async () => {
    meta = await startFakeMetaServer();
    app = await startTestApp({
      env: {
        META_APP_ID: meta.appId,
        META_APP_SECRET: meta.appSecret,
        META_GRAPH_BASE_URL: meta.url,
        META_OAUTH_DIALOG_URL: meta.url,
        META_WEBHOOK_VERIFY_TOKEN: verifyToken,
        META_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await meta?.close();
  });

  it('refuses bad input and non-admins, and answers nothing for an unknown or replayed state', async () => {
    const marketer = await createMember(app, owner.token, 'marketer');
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: marketer,
          body: { provider: 'meta' },
        })
      ).status,
    ).toBe(403);
    expect((await api('GET', '/api/v1/ads/connections', { token: marketer })).status).toBe(403);
    const providers = await api('GET', '/api/v1/ads/connection-providers', { token: owner.token });
    expect(await providers.json()).toMatchObject({
      data: [
        {
          provider: 'meta',
          credential_kind: 'oauth',
          channels: ['facebook', 'instagram'],
          required_settings: {},
        },
      ],
    });
    expect((await api('GET', '/api/v1/ads/connection-providers', { token: marketer })).status).toBe(
      403,
    );
    // Meta takes its consent screen, not a key.
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: owner.token,
          body: { provider: 'meta', api_key: 'abc' },
        })
      ).status,
    ).toBe(400);
    const wrongProvider = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: { provider: 'myspace' },
    });
    expect(wrongProvider.status).toBe(400);
    expect(wrongProvider.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (
        await api('POST', '/api/v1/ads/connections', {
          token: owner.token,
          body: { provider: 'meta', ad_account_id: 'not-an-id' },
        })
      ).status,
    ).toBe(400);
    const unknown = await fetch(
      `${app.url}/api/v1/ads/connections/meta/callback?code=x&state=never-issued`,
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    // An account the Meta user cannot manage: refused, nothing stored.
    const foreign = await connect(owner.token, { provider: 'meta', ad_account_id: 'act_999' });
    expect(foreign.status).toBe(400);
    const list = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(list.data).toEqual([]);
  });

  it('connects through the OAuth dance: account name and currency shown, tokens encrypted', async () => {
    const callback = await connect(owner.token);
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe(
      `${app.config.publicUrl}/integrations?connected=meta`,
    );
    // The state counts once: a replayed redirect is refused.
    expect((await fetch(lastCallback, { redirect: 'manual' })).status).toBe(400);
    const list = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      provider: 'meta',
      status: 'active',
      account_id: 'act_1001',
      account_name: 'Volta Bikes Ads',
      currency: 'USD',
    });
    expect(list.data[0]!.scopes).toContain('ads_management');
    expect(JSON.stringify(list)).not.toMatch(/EAAB/);
    // The long-lived token (the second one issued) is stored, encrypted.
    const [row] = await app.runtime.db
      .select()
      .from(adAccountConnections)
      .where(eq(adAccountConnections.orgId, owner.orgId));
    expect(row!.accessTokenEncrypted.startsWith('v1.')).toBe(true);
    expect(row!.accessTokenEncrypted).not.toMatch(/EAAB/);
    expect(Date.parse(row!.tokenExpiresAt!)).toBeGreaterThan(Date.now() + 50 * 86_400_000);
    expect(meta.requests.some((r) => r.params.grant_type === 'fb_exchange_token')).toBe(true);
    // Another organisation sees none of it and cannot remove it.
    const theirs = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: other.token }),
    );
    expect(theirs.data).toEqual([]);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${list.data[0]!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
  });

  it('publishes an approved campaign to Meta, pauses it, and pulls its insights into the facts', async () => {
    // Meta answers one rate-limit error while the ad set is created: retried with backoff.
    meta.rateLimitOnce(/\/adsets$/);
    const { campaignId, adId } = await approvedCampaign(owner.token);
    published = campaignId;
    const ad = await publishedAd(owner.token, owner.orgId, campaignId, adId);
    expect(ad.external_id).toMatch(/^\d+$/);
    expect(meta.requests.filter((r) => r.path === 'act_1001/adsets')).toHaveLength(2);

    const created = [...meta.objects.values()];
    const campaign = created.find((o) => o.kind === 'campaigns')!;
    const adSet = created.find((o) => o.kind === 'adsets')!;
    const creative = created.find((o) => o.kind === 'adcreatives')!;
    expect(campaign).toMatchObject({ name: 'Meta launch', objective: 'OUTCOME_TRAFFIC' });
    expect(adSet).toMatchObject({
      daily_budget: '50000',
      optimization_goal: 'LINK_CLICKS',
      targeting: {
        geo_locations: { countries: ['CR', 'PA'] },
        age_min: 18,
        age_max: 65,
        publisher_platforms: ['facebook'],
        // "cycling" found by Targeting Search; "underwater chess" has no Meta interest.
        flexible_spec: [{ interests: [{ id: '6003371567474', name: 'Cycling' }] }],
      },
    });
    expect(
      meta.requests.filter((r) => r.path === 'search').map((r) => [r.params.type, r.params.q]),
    ).toEqual([
      ['adinterest', 'cycling'],
      ['adinterest', 'underwater chess'],
    ]);
    expect(creative).toMatchObject({
      object_story_spec: {
        page_id: '1770001',
        link_data: {
          message: 'Ride electric',
          name: 'Volta',
          call_to_action: { type: 'SHOP_NOW' },
        },
      },
    });
    expect(meta.objects.get(ad.external_id!)!.status).toBe('ACTIVE');

    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/pause`, { token: owner.token })).status,
    ).toBe(200);
    expect(meta.objects.get(ad.external_id!)!.status).toBe('PAUSED');
    expect(
      (await api('POST', `/api/v1/campaigns/${campaignId}/resume`, { token: owner.token })).status,
    ).toBe(200);
    expect(meta.objects.get(ad.external_id!)!.status).toBe('ACTIVE');

    meta.setInsights(ad.external_id!, [
      {
        date_start: today(),
        date_stop: today(),
        country: 'CR',
        impressions: '1200',
        reach: '900',
        clicks: '40',
        spend: '12.34',
        actions: [
          { action_type: 'post_reaction', value: '7' },
          { action_type: 'purchase', value: '2' },
        ],
        action_values: [{ action_type: 'purchase', value: '99.5' }],
      },
      {
        date_start: today(),
        date_stop: today(),
        country: 'PA',
        impressions: '300',
        reach: '250',
        clicks: '5',
        spend: '2.00',
      },
    ]);
    await deliver(owner.orgId, campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, adId)));
    const cr = facts.find((f) => f.country === 'CR')!;
    expect(cr).toMatchObject({
      channel: 'facebook',
      day: today(),
      impressions: 1200,
      reach: 900,
      clicks: 40,
      reactions: 7,
      conversions: 2,
      costMinor: 1234,
      revenueMinor: 9950,
      currency: 'USD',
    });
    expect(facts.find((f) => f.country === 'PA')!.costMinor).toBe(200);
    const insightsCall = meta.requests.find((r) => r.path === `${ad.external_id}/insights`)!;
    expect(insightsCall.params).toMatchObject({
      time_increment: '1',
      breakdowns: 'country',
      level: 'ad',
    });
  });

  it('keeps organisations without a Meta connection on the simulated channel', async () => {
    const before = meta.objects.size;
    const { campaignId, adId } = await approvedCampaign(other.token, 'instagram');
    const ad = await publishedAd(other.token, other.orgId, campaignId, adId);
    expect(ad.external_id).toBe(`sim-instagram-${adId}`);
    expect(meta.objects.size).toBe(before);
  });

  it("verifies Meta's webhooks (handshake and X-Hub-Signature-256) and processes each once", async () => {
    const handshake = (token: string) =>
      fetch(
        `${app.url}/webhooks/ads/facebook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      );
    const good = await handshake(verifyToken);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('1158201444');
    expect((await handshake('wrong-token-000')).status).toBe(403);

    const [adRow] = [...meta.objects.entries()].filter(([, o]) => o.kind === 'ads');
    const externalId = adRow![0];
    const body = JSON.stringify({
      object: 'ad_account',
      entry: [
        {
          id: '1001',
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'with_issues_ad_objects',
              value: { id: externalId, level: 'AD', error_summary: 'Ad disapproved: policy' },
            },
          ],
        },
      ],
    });
    const post = (signature: string | undefined, payload = body) =>
      fetch(`${app.url}/webhooks/ads/facebook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature ? { 'x-hub-signature-256': signature } : {}),
        },
        body: payload,
      });
    expect((await post('sha256=00')).status).toBe(401);
    expect((await post(signMetaWebhook(meta.appSecret, body), `${body} `)).status).toBe(401);
    expect((await post(signMetaWebhook('another-secret-value', body))).status).toBe(401);
    const first = await post(signMetaWebhook(meta.appSecret, body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const again = await post(signMetaWebhook(meta.appSecret, body));
    expect(await again.json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    const ads = await json<Page<Ad>>(await api('GET', '/api/v1/ads', { token: owner.token }));
    expect(ads.data.find((a) => a.external_id === externalId)!.channel_status).toBe('with_issues');
  });

  it('captures a Lead Ads lead in the CRM, attributed to its campaign and ad, once per leadgen id', async () => {
    const ads = await json<Page<Ad>>(
      await api('GET', `/api/v1/ads?campaign_id=${published}`, { token: owner.token }),
    );
    const ad = ads.data.find((a) => a.external_id !== null)!;
    const { leadgenId, notification } = meta.submitLead(ad.external_id!, {
      email: 'lucia.mora@example.com',
      full_name: 'Lucía Mora Vargas',
      phone_number: '+50688881234',
    });
    const post = (body: string) =>
      fetch(`${app.url}/webhooks/ads/facebook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signMetaWebhook(meta.appSecret, body),
        },
        body,
      });
    const body = JSON.stringify(notification);
    expect(await (await post(body)).json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    // The answers are read from the Graph API with the organisation's token.
    const read = meta.requests.filter((r) => r.path === leadgenId && r.method === 'GET');
    expect(read).toHaveLength(1);
    expect(read[0]!.params.fields).toBe('created_time,field_data,ad_id,form_id');

    interface Contact {
      id: string;
      email: string | null;
      phone: string | null;
      first_name: string | null;
      last_name: string | null;
      source: string;
      campaign_id: string | null;
      ad_id: string | null;
      utm: Record<string, string>;
    }
    const leadsOfCampaign = async () =>
      (
        await json<Page<Contact>>(
          await api('GET', `/api/v1/contacts?campaign_id=${published}`, { token: owner.token }),
        )
      ).data;
    expect(await leadsOfCampaign()).toMatchObject([
      {
        email: 'lucia.mora@example.com',
        phone: '+50688881234',
        first_name: 'Lucía',
        last_name: 'Mora Vargas',
        source: 'ads',
        campaign_id: published,
        ad_id: ad.id,
        utm: { source: 'facebook', medium: 'paid', campaign: published },
      },
    ]);

    // Meta redelivers: the same body, and the same lead in another batch.
    expect(await (await post(body)).json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    const rebatched = JSON.stringify({
      ...notification,
      entry: [{ ...(notification.entry as object[])[0], time: 1 }],
    });
    expect(await (await post(rebatched)).json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    expect(await leadsOfCampaign()).toHaveLength(1);
    // Another tenant sees nothing of it.
    const theirs = await json<Page<Contact>>(
      await api('GET', '/api/v1/contacts', { token: other.token }),
    );
    expect(theirs.data.some((c) => c.email === 'lucia.mora@example.com')).toBe(false);
  });

  it('publishes Instagram ads as the page’s Instagram account; their notifications come through the same subscription', async () => {
    const { campaignId, adId } = await approvedCampaign(owner.token, 'instagram');
    const ad = await publishedAd(owner.token, owner.orgId, campaignId, adId);
    expect(ad.external_id).toMatch(/^\d+$/);
    const { creative } = meta.objects.get(ad.external_id!)! as unknown as {
      creative: { creative_id: string };
    };
    const creativeId = creative.creative_id;
    expect(meta.objects.get(creativeId)).toMatchObject({
      object_story_spec: { page_id: '1770001', instagram_actor_id: '1780001' },
    });
    const body = JSON.stringify({
      object: 'ad_account',
      entry: [
        {
          id: '1001',
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'in_process_ad_objects',
              value: { id: ad.external_id, level: 'AD', status_name: 'Pending Review' },
            },
          ],
        },
      ],
    });
    const answer = await fetch(`${app.url}/webhooks/ads/facebook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signMetaWebhook(meta.appSecret, body),
      },
      body,
    });
    expect(await answer.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const read = await json<Ad>(await api('GET', `/api/v1/ads/${adId}`, { token: owner.token }));
    expect(read.channel_status).toBe('in_review');
  });

  it("uploads an ad's approved image once per version and shows it in each creative", async () => {
    const uploaded = await api('POST', '/api/v1/assets', {
      token: owner.token,
      body: {
        type: 'image',
        title: 'Volta on the lake road',
        description: 'The Volta e-bike on the lake road at dawn',
        image_base64: png.toString('base64'),
      },
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const asset = await json<{ id: string }>(uploaded);
    const ads = [];
    for (const withImage of [false, true, true]) {
      const { campaignId, adId } = await approvedCampaign(
        owner.token,
        'facebook',
        withImage ? asset.id : undefined,
      );
      // Not approved yet: published without the image, as the platform's own creative.
      if (ads.length === 1)
        for (const action of ['submit', 'approve'])
          expect(
            (
              await api('POST', `/api/v1/assets/${asset.id}/${action}`, {
                token: owner.token,
                body: {},
              })
            ).status,
          ).toBe(200);
      ads.push(await publishedAd(owner.token, owner.orgId, campaignId, adId));
    }
    const uploads = meta.requests.filter((r) => r.path === 'act_1001/adimages');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.params.bytes).toBe(png.toString('base64'));
    const hash = createHash('md5').update(png).digest('hex');
    const imageHashOf = (externalId: string | null) => {
      const ad = meta.objects.get(externalId!)! as unknown as { creative: { creative_id: string } };
      const creative = meta.objects.get(ad.creative.creative_id)! as unknown as {
        object_story_spec: { link_data: { image_hash?: string } };
      };
      return creative.object_story_spec.link_data.image_hash;
    };
    expect(ads.map((ad) => imageHashOf(ad.external_id))).toEqual([undefined, hash, hash]);
  });

  it('marks the connection needs_reauth when Meta refuses the token, and stops calling', async () => {
    meta.expireTokens();
    // The metrics pull meets code 190: logged, the connection marked, not retried (code 190 is
    // not transient: meta-graph-client.test.ts). A scheduled delivery tick may pull beside this
    // one before the mark, so only "at least one call" is certain here.
    const before = meta.requests.length;
    await deliver(owner.orgId, published);
    expect(meta.requests.length).toBeGreaterThan(before);
    const list = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(list.data[0]!.status).toBe('needs_reauth');
    const calls = meta.requests.length;
    await deliver(owner.orgId, published);
    expect(meta.requests.length).toBe(calls);
    // Publishing a new campaign fails plainly instead of falling back to the simulation.
    const fresh = await approvedCampaign(owner.token);
    await expect(deliver(owner.orgId, fresh.campaignId)).rejects.toThrow(/authorized again/);
    expect(meta.requests.length).toBe(calls);
    // Connecting again makes it active.
    expect((await connect(owner.token)).status).toBe(303);
    const again = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(again.data[0]!.status).toBe('active');
  });

  it('disconnects: the grant is revoked at Meta and the tokens deleted', async () => {
    expect((await connect(other.token)).status).toBe(303);
    const [connection] = (
      await json<Page<Connection>>(
        await api('GET', '/api/v1/ads/connections', { token: other.token }),
      )
    ).data;
    const revokedBefore = meta.revokedTokens.length;
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: other.token }))
        .status,
    ).toBe(204);
    expect(meta.revokedTokens.length).toBe(revokedBefore + 1);
    const after = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: other.token }),
    );
    expect(after.data).toEqual([]);
    // The owner's connection is untouched.
    const mine = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(mine.data).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signMetaWebhook } from '../src/modules/ads/domain/meta-webhook.js';
import { deliverNow } from './support/ad-campaigns.js';
import { inDays } from './support/campaign-request-body.js';
import { eventually } from './support/eventually.js';
import {
  startFakeGoogleAdsServer,
  type FakeGoogleAdsServer,
} from './support/fake-google-ads-server.js';
import {
  startFakeLinkedInServer,
  type FakeLinkedInServer,
} from './support/fake-linkedin-server.js';
import {
  startFakeMailchimpServer,
  type FakeMailchimpServer,
} from './support/fake-mailchimp-server.js';
import { startFakeMetaServer, type FakeMetaServer } from './support/fake-meta-server.js';
import { startFakeTikTokServer, type FakeTikTokServer } from './support/fake-tiktok-server.js';
import { startFakeTwilioServer, type FakeTwilioServer } from './support/fake-twilio-server.js';
import {
  startFakeWhatsAppServer,
  type FakeWhatsAppServer,
} from './support/fake-whatsapp-server.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue #16's done-when, end to end over HTTP against the real database: one organisation
 * connects every vendor (each pointed at its loopback fake), a campaign request planned in the
 * portal and approved there is published to every vendor through its real adapter, what each
 * vendor reports comes back through the analytics query once the ETL has run, and vendor
 * webhooks land in the CRM (a Meta Lead Ads lead, an SMS STOP).
 */

interface CampaignRequest {
  id: string;
  status: string;
  campaignId: string | null;
  segmentIds: string[];
}
interface AdSet {
  id: string;
  channel: string;
  crm_segment_id: string | null;
}
interface Ad {
  id: string;
  ad_set_id: string;
  external_id: string | null;
}
interface Report {
  rows: { dimensions: Record<string, string>; metrics: Record<string, number | null> }[];
  totals: Record<string, number | null>;
}

/** One ad set per vendor: Meta, Google Ads, TikTok, LinkedIn, Mailchimp, Twilio, WhatsApp. */
const requestedChannels = [
  'facebook',
  'google_ads',
  'tiktok',
  'linkedin',
  'email',
  'sms',
  'whatsapp',
] as const;
type RequestedChannel = (typeof requestedChannels)[number];

const today = () => new Date().toISOString().slice(0, 10);

describe('every ad network at once: portal request → publish → metrics → CRM (fake vendors)', () => {
  let meta: FakeMetaServer;
  let google: FakeGoogleAdsServer;
  let tiktok: FakeTikTokServer;
  let linkedin: FakeLinkedInServer;
  let mailchimp: FakeMailchimpServer;
  let twilio: FakeTwilioServer;
  let whatsapp: FakeWhatsAppServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let marketer: string;
  let request: CampaignRequest;
  /** The request's ads by the channel of their ad set. */
  const adsOf = new Map<RequestedChannel, Ad[]>();
  let contactId: string;

  /**
   * The OAuth vendors' connection as their own tests make it: start, let the fake user consent,
   * follow the callback (TikTok names the code `auth_code`).
   */
  async function connectOAuth(
    fake: { authorize(url: string): { code: string; state: string } },
    body: Record<string, unknown> & { provider: string },
    codeParameter = 'code',
  ) {
    const started = await api('POST', '/api/v1/ads/connections', { token: owner.token, body });
    expect(started.status).toBe(201);
    const { authorization_url } = await json<{ authorization_url: string }>(started);
    const consent = fake.authorize(authorization_url);
    const callback = await fetch(
      `${app.url}/api/v1/ads/connections/${body.provider}/callback?${codeParameter}=${encodeURIComponent(consent.code)}&state=${consent.state}`,
      { redirect: 'manual' },
    );
    expect(callback.status).toBe(303);
  }

  const externalIdsOf = (channel: RequestedChannel) =>
    adsOf.get(channel)!.map((ad) => ad.external_id!);

  /** A manual ETL run, as an owner starts it, waited for. */
  async function runEtl() {
    const runs = async () =>
      json<Page<{ id: string; trigger: string; status: string }>>(
        await api('GET', '/api/v1/analytics/etl-runs?limit=100', { token: owner.token }),
      );
    const known = new Set((await runs()).data.map((run) => run.id));
    expect((await api('POST', '/api/v1/analytics/etl-runs', { token: owner.token })).status).toBe(
      202,
    );
    const done = await eventually(
      runs,
      (page) =>
        page.data.some(
          (run) => !known.has(run.id) && run.trigger === 'manual' && run.status !== 'running',
        ),
      60_000,
      200,
    );
    expect(done.data.find((run) => !known.has(run.id))!.status).toBe('succeeded');
  }

  async function connectWithKey(body: Record<string, unknown>) {
    const connected = await api('POST', '/api/v1/ads/connections', { token: owner.token, body });
    expect(connected.status, await connected.clone().text()).toBe(201);
  }

  beforeAll(async () => {
    [meta, google, tiktok, linkedin, mailchimp, twilio, whatsapp] = await Promise.all([
      startFakeMetaServer(),
      startFakeGoogleAdsServer(),
      startFakeTikTokServer(),
      startFakeLinkedInServer(),
      startFakeMailchimpServer(),
      startFakeTwilioServer(),
      startFakeWhatsAppServer(),
    ]);
    app = await startTestApp({
      env: {
        META_APP_ID: meta.appId,
        META_APP_SECRET: meta.appSecret,
        META_GRAPH_BASE_URL: meta.url,
        META_OAUTH_DIALOG_URL: meta.url,
        META_RETRY_BASE_MS: '5',
        GOOGLE_ADS_CLIENT_ID: google.clientId,
        GOOGLE_ADS_CLIENT_SECRET: google.clientSecret,
        GOOGLE_ADS_DEVELOPER_TOKEN: google.developerToken,
        GOOGLE_ADS_API_BASE_URL: google.url,
        GOOGLE_OAUTH_AUTHORIZE_URL: `${google.url}/auth`,
        GOOGLE_OAUTH_TOKEN_URL: `${google.url}/token`,
        GOOGLE_OAUTH_REVOKE_URL: `${google.url}/revoke`,
        GOOGLE_ADS_RETRY_BASE_MS: '5',
        TIKTOK_APP_ID: tiktok.appId,
        TIKTOK_APP_SECRET: tiktok.secret,
        TIKTOK_API_BASE_URL: tiktok.url,
        TIKTOK_AUTH_URL: tiktok.authUrl,
        TIKTOK_RETRY_BASE_MS: '5',
        LINKEDIN_CLIENT_ID: linkedin.clientId,
        LINKEDIN_CLIENT_SECRET: linkedin.clientSecret,
        LINKEDIN_API_BASE_URL: linkedin.url,
        LINKEDIN_OAUTH_URL: linkedin.oauthUrl,
        LINKEDIN_RETRY_BASE_MS: '5',
        MAILCHIMP_ENABLED: 'true',
        MAILCHIMP_API_BASE_URL: `${mailchimp.url}/3.0`,
        MAILCHIMP_RETRY_BASE_MS: '5',
        TWILIO_ENABLED: 'true',
        TWILIO_API_BASE_URL: twilio.url,
        TWILIO_RETRY_BASE_MS: '5',
        WHATSAPP_APP_SECRET: whatsapp.appSecret,
        WHATSAPP_GRAPH_BASE_URL: whatsapp.url,
        WHATSAPP_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    marketer = await createMember(app, owner.token, 'marketer');
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(
      [meta, google, tiktok, linkedin, mailchimp, twilio, whatsapp].map((fake) => fake?.close()),
    );
  });

  it('connects every vendor for one organisation', async () => {
    await connectOAuth(meta, { provider: 'meta' });
    await connectOAuth(google, { provider: 'google_ads', ad_account_id: '444-555-6666' });
    await connectOAuth(tiktok, { provider: 'tiktok' }, 'auth_code');
    await connectOAuth(linkedin, { provider: 'linkedin' });
    await connectWithKey({
      provider: 'mailchimp',
      api_key: mailchimp.apiKey,
      settings: {
        list_id: mailchimp.listId,
        from_name: 'Volta Bikes',
        reply_to: 'hola@volta.test',
      },
    });
    await connectWithKey({
      provider: 'twilio',
      api_key: twilio.authToken,
      settings: { account_sid: twilio.accountSid, sender: `MG${'a1'.repeat(16)}` },
    });
    await connectWithKey({
      provider: 'whatsapp',
      api_key: whatsapp.token,
      settings: {
        waba_id: whatsapp.wabaId,
        phone_number_id: whatsapp.phoneNumberId,
        template_name: 'spring_launch',
      },
    });
    const connections = await json<Page<{ provider: string; status: string }>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(connections.data.map((c) => [c.provider, c.status]).sort()).toEqual(
      ['google_ads', 'linkedin', 'mailchimp', 'meta', 'tiktok', 'twilio', 'whatsapp'].map(
        (provider) => [provider, 'active'],
      ),
    );
  });

  it('publishes a campaign request approved in the portal to every vendor', async () => {
    // A rider in the request's audience who agreed to email, SMS and WhatsApp: the messaging ad
    // sets reach her through the segment the request drafts.
    const created = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: {
        first_name: 'Ana',
        email: 'ana.rider@example.com',
        phone: '+506 8888 1111',
        country: 'CR',
        birth_year: new Date().getUTCFullYear() - 30,
        interests: ['cycling'],
      },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    contactId = (await json<{ id: string }>(created)).id;
    for (const channel of ['email', 'sms', 'whatsapp'])
      expect(
        (
          await api('PUT', `/api/v1/contacts/${contactId}/consents/${channel}`, {
            token: owner.token,
            body: { status: 'granted', source: 'shop checkout' },
          })
        ).status,
      ).toBe(200);

    const submitted = await api('POST', '/api/v1/campaign-requests', {
      token: marketer,
      headers: { 'idempotency-key': `all-vendors-${Date.now()}` },
      body: {
        name: 'Volta everywhere',
        objective: 'leads',
        product: 'Volta electric bikes',
        messages: ['Ride electric through the city'],
        audiences: [
          {
            name: 'City riders',
            countries: ['CR'],
            ageMin: 25,
            ageMax: 44,
            interests: ['cycling'],
          },
        ],
        channels: requestedChannels,
        budget: { amount: 7_000_000, currency: 'USD' },
        startsAt: inDays(0),
        endsAt: inDays(14),
      },
    });
    expect(submitted.status, await submitted.clone().text()).toBe(202);
    const { id } = await json<CampaignRequest>(submitted);
    const read = async () =>
      json<CampaignRequest>(
        await api('GET', `/api/v1/campaign-requests/${id}`, { token: marketer }),
      );
    const planned = await eventually(read, (r) => r.status !== 'planning', 20_000);
    expect(planned.status).toBe('awaiting_approval');
    // Messaging sends go to the segment's members as computed when the campaign is published.
    await eventually(
      async () =>
        json<{ member_count: number; computed_at: string | null }>(
          await api('GET', `/api/v1/segments/${planned.segmentIds[0]}`, { token: owner.token }),
        ),
      (segment) => segment.computed_at !== null && segment.member_count === 1,
    );
    const approved = await api('POST', `/api/v1/campaign-requests/${id}/approve`, {
      token: owner.token,
      body: { comment: 'Go everywhere' },
    });
    expect(approved.status, await approved.clone().text()).toBe(200);
    request = await eventually(read, (r) => r.status === 'active', 20_000);
    const campaignId = request.campaignId!;

    const adSets = await json<Page<AdSet>>(
      await api('GET', `/api/v1/ad-sets?campaign_id=${campaignId}`, { token: owner.token }),
    );
    expect(adSets.data.map((set) => set.channel).sort()).toEqual([...requestedChannels].sort());
    const ads = await eventually(
      async () =>
        json<Page<Ad>>(
          await api('GET', `/api/v1/ads?campaign_id=${campaignId}&limit=100`, {
            token: owner.token,
          }),
        ),
      (page) => page.data.length > 0 && page.data.every((ad) => ad.external_id !== null),
      20_000,
    );
    const variants = ads.data.filter((ad) => ad.ad_set_id === adSets.data[0]!.id);
    expect(variants.length).toBeGreaterThan(0);
    for (const set of adSets.data) {
      const channel = set.channel as RequestedChannel;
      adsOf.set(
        channel,
        ads.data.filter((ad) => ad.ad_set_id === set.id),
      );
      // The plan's A/B variants, each published live (a simulated one would have a `sim-` id).
      expect(
        adsOf.get(channel)!.map((ad) => ad.external_id?.startsWith('sim-')),
        channel,
      ).toEqual(variants.map(() => false));
    }

    // Each vendor received the create calls of its API.
    const metaKinds = new Set([...meta.objects.values()].map((object) => object.kind));
    expect([...metaKinds].sort()).toEqual(['adcreatives', 'ads', 'adsets', 'campaigns']);
    const googleServices = new Set([...google.objects.values()].map((object) => object.service));
    for (const service of ['campaigns', 'adGroups', 'adGroupAds'])
      expect(googleServices, service).toContain(service);
    const tiktokKinds = new Set([...tiktok.objects.values()].map((object) => object.kind));
    for (const kind of ['campaign', 'adgroup', 'ad']) expect(tiktokKinds, kind).toContain(kind);
    const linkedinKinds = new Set([...linkedin.objects.values()].map((object) => object.kind));
    for (const kind of ['adCampaignGroups', 'adCampaigns', 'creatives'])
      expect(linkedinKinds, kind).toContain(kind);
    expect([...mailchimp.members.values()].map((m) => m.email_address)).toEqual([
      'ana.rider@example.com',
    ]);
    // The messaging ads reach the one consenting member, once per ad.
    expect([...mailchimp.campaigns.keys()].sort()).toEqual(externalIdsOf('email').sort());
    expect([...twilio.messages.values()].map((m) => m.to)).toEqual(
      variants.map(() => '+50688881111'),
    );
    expect(whatsapp.messages.map((m) => m.to)).toEqual(variants.map(() => '50688881111'));
  });

  it("brings every vendor's figures back through the analytics query after the ETL", async () => {
    const day = today();
    const [year, month, date] = day.split('-').map(Number);
    for (const id of externalIdsOf('facebook'))
      meta.setInsights(id, [
        {
          date_start: day,
          date_stop: day,
          country: 'CR',
          impressions: '1200',
          reach: '900',
          clicks: '40',
          spend: '12.34',
        },
      ]);
    // Google reports per ad group, and each of our ads has its own.
    for (const id of externalIdsOf('google_ads'))
      google.setGeographicView(/adGroupAds\/(\d+)~/.exec(id)![1]!, [
        {
          geographicView: {
            resourceName: 'customers/4445556666/geographicViews/2188~LOCATION_OF_PRESENCE',
            countryCriterionId: '2188',
            locationType: 'LOCATION_OF_PRESENCE',
          },
          segments: { date: day },
          metrics: {
            impressions: '1000',
            clicks: '30',
            costMicros: '5000000',
            conversions: 0,
            conversionsValue: 0,
          },
        },
      ]);
    for (const id of externalIdsOf('tiktok'))
      tiktok.setReport(id, [
        {
          dimensions: { ad_id: id, stat_time_day: `${day} 00:00:00`, country_code: 'CR' },
          metrics: {
            spend: '3.00',
            impressions: '700',
            clicks: '20',
            conversion: '1',
            likes: '0',
            comments: '0',
            shares: '0',
          },
        },
      ]);
    for (const id of externalIdsOf('linkedin'))
      linkedin.setAnalytics(id, [
        {
          dateRange: { start: { year, month, day: date }, end: { year, month, day: date } },
          pivotValues: ['urn:li:geo:101739942'],
          impressions: 500,
          clicks: 10,
          costInLocalCurrency: '4.0',
        },
      ]);
    for (const id of externalIdsOf('email'))
      mailchimp.setReport(
        id,
        {
          emails_sent: 1,
          send_time: new Date().toISOString(),
          opens: { opens_total: 3, unique_opens: 1, open_rate: 1 },
          clicks: { clicks_total: 1, unique_subscriber_clicks: 1 },
        },
        [{ country_code: 'CR', region: 'SJ', region_name: 'San José', opens: 3 }],
      );
    // The messaging vendors report deliveries by status callback.
    for (const { sid } of twilio.messages.values())
      expect(await (await twilio.statusCallback(app.url, sid, 'delivered')).json()).toMatchObject({
        applied: 1,
      });
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(
      await (
        await whatsapp.webhook(
          app.url,
          whatsapp.messages.map((m) => ({
            id: m.id,
            status: 'delivered',
            timestamp,
            recipient_id: m.to,
          })),
        )
      ).json(),
    ).toMatchObject({ applied: whatsapp.messages.length });

    // The delivery job pulls each vendor's figures; the ETL rolls them up.
    await deliverNow(app, owner.orgId, request.campaignId!);
    await runEtl();
    const report = await json<Report>(
      await api('POST', '/api/v1/analytics/query', {
        token: owner.token,
        body: {
          metrics: ['impressions', 'clicks', 'spend'],
          dimensions: ['channel'],
          filters: [{ dimension: 'campaign', values: [request.campaignId] }],
          dateRange: { from: day, to: day },
        },
      }),
    );
    const impressions = Object.fromEntries(
      report.rows.map((row) => [row.dimensions.channel, row.metrics.impressions]),
    );
    const ads = (channel: RequestedChannel) => adsOf.get(channel)!.length;
    expect(impressions).toEqual({
      facebook: 1200 * ads('facebook'),
      google_ads: 1000 * ads('google_ads'),
      tiktok: 700 * ads('tiktok'),
      linkedin: 500 * ads('linkedin'),
      email: 3 * ads('email'),
      sms: ads('sms'),
      whatsapp: ads('whatsapp'),
    });
    expect(report.totals.spend).toEqual({
      USD:
        1234 * ads('facebook') +
        500 * ads('google_ads') +
        300 * ads('tiktok') +
        400 * ads('linkedin'),
    });
  });

  it('lands vendor webhooks in the CRM: a Meta lead attributed to the campaign, an SMS STOP', async () => {
    const { notification } = meta.submitLead(externalIdsOf('facebook')[0]!, {
      email: 'lucia.mora@example.com',
      full_name: 'Lucía Mora',
      phone_number: '+50688882222',
    });
    const body = JSON.stringify(notification);
    const delivered = await fetch(`${app.url}/webhooks/ads/facebook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signMetaWebhook(meta.appSecret, body),
      },
      body,
    });
    expect(await delivered.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const leads = await json<Page<{ email: string; source: string; ad_id: string }>>(
      await api('GET', `/api/v1/contacts?campaign_id=${request.campaignId}`, {
        token: owner.token,
      }),
    );
    expect(leads.data).toMatchObject([
      { email: 'lucia.mora@example.com', source: 'ads', ad_id: adsOf.get('facebook')![0]!.id },
    ]);

    const stop = await twilio.inboundStop(
      app.url,
      `${app.config.publicUrl}/webhooks/ads/sms?org=${owner.orgId}`,
      '+50688881111',
    );
    expect(await stop.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const consents = await json<{ data: { channel: string; status: string }[] }>(
      await api('GET', `/api/v1/contacts/${contactId}/consents`, { token: owner.token }),
    );
    expect(Object.fromEntries(consents.data.map((c) => [c.channel, c.status]))).toMatchObject({
      sms: 'withdrawn',
      email: 'granted',
      whatsapp: 'granted',
    });

    // The lead counts for the campaign on the dashboard too.
    await runEtl();
    const report = await json<Report>(
      await api('POST', '/api/v1/analytics/query', {
        token: owner.token,
        body: {
          metrics: ['leads'],
          filters: [{ dimension: 'campaign', values: [request.campaignId] }],
          dateRange: { from: today(), to: today() },
        },
      }),
    );
    expect(report.totals.leads).toBe(1);
  });
});

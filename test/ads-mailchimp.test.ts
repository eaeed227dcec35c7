import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performanceDaily } from '../src/modules/ads/infrastructure/ads.tables.js';
import {
  startFakeMailchimpServer,
  type FakeMailchimpServer,
} from './support/fake-mailchimp-server.js';
import { approvedAdCampaign, deliverNow, publishedAd } from './support/ad-campaigns.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { messagingAudience } from './support/messaging-audience.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Connection {
  id: string;
  status: string;
  account_name: string;
}
interface Ad {
  id: string;
  external_id: string | null;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('Mailchimp email: audience sync from a CRM segment, campaign send, reports, unsubscribe webhook (fake Mailchimp)', () => {
  let mailchimp: FakeMailchimpServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let audience: { segmentId: string; contactIds: string[] };
  let published: { campaignId: string; adId: string; externalId: string };

  const connect = (token: string, overrides: Record<string, unknown> = {}) =>
    api('POST', '/api/v1/ads/connections', {
      token,
      body: {
        provider: 'mailchimp',
        api_key: mailchimp.apiKey,
        settings: {
          list_id: mailchimp.listId,
          from_name: 'Volta Bikes',
          reply_to: 'hola@volta.test',
        },
        ...overrides,
      },
    });

  const approvedCampaign = (token: string, segmentId: string | null) =>
    approvedAdCampaign(api, token, {
      campaign: { name: 'Newsletter launch', budget: { amount_minor: 100_000, currency: 'USD' } },
      adSet: {
        name: 'Subscribers',
        channel: 'email',
        targeting: { age_min: 18, age_max: 70, countries: ['CR'] },
        daily_budget_minor: 5_000,
        crm_segment_id: segmentId,
      },
      ad: { headline: 'Volta <new>' },
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  beforeAll(async () => {
    mailchimp = await startFakeMailchimpServer();
    app = await startTestApp({
      env: {
        MAILCHIMP_ENABLED: 'true',
        MAILCHIMP_API_BASE_URL: `${mailchimp.url}/3.0`,
        MAILCHIMP_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
    audience = await messagingAudience(app.url, owner.token, 'mc-launch', [
      { first_name: 'Ana', email: 'ana@example.com', country: 'CR', granted: ['email'] },
      { first_name: 'Bruno', email: 'bruno@example.com', country: 'PA', granted: ['email', 'sms'] },
      { first_name: 'Carla', email: 'carla@example.com', country: 'CR', granted: ['sms'] },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await mailchimp?.close();
  });

  it('refuses a wrong key, a key without data center or a bad audience; connects with a good one', async () => {
    expect((await connect(owner.token, { api_key: `${'0'.repeat(32)}-us21` })).status).toBe(400);
    expect((await connect(owner.token, { api_key: 'no-data-center-key' })).status).toBe(400);
    const badList = await connect(owner.token, {
      settings: { list_id: 'ffffffffff', from_name: 'Volta', reply_to: 'hola@volta.test' },
    });
    expect(badList.status).toBe(400);
    expect(badList.headers.get('content-type')).toContain('application/problem+json');
    const connected = await connect(owner.token);
    expect(connected.status).toBe(201);
    expect(await connected.json()).toMatchObject({
      provider: 'mailchimp',
      status: 'active',
      account_id: '8d3a3db4d97663a9074efcc16',
      account_name: 'Volta Bikes · Riders',
      currency: 'USD',
    });
  });

  it('syncs the consenting members, sends one campaign to their static segment, and survives a 429', async () => {
    mailchimp.throttleOnce();
    const { campaignId, adId } = await approvedCampaign(owner.token, audience.segmentId);
    const ad = await publishedAd<Ad>(app, owner, campaignId, adId);
    expect([...mailchimp.members.values()].map((m) => m.email_address).sort()).toEqual([
      'ana@example.com',
      'bruno@example.com',
    ]);
    const [segment] = [...mailchimp.segments.values()];
    expect([...segment!.members].sort()).toEqual(['ana@example.com', 'bruno@example.com']);
    const sent = mailchimp.campaigns.get(ad.external_id!)!;
    expect(sent).toMatchObject({
      type: 'regular',
      status: 'sending',
      recipients: {
        list_id: mailchimp.listId,
        segment_opts: { saved_segment_id: expect.any(Number) },
      },
      settings: {
        subject_line: 'Volta <new>',
        from_name: 'Volta Bikes',
        reply_to: 'hola@volta.test',
      },
    });
    expect(sent.html).toContain('Volta &lt;new&gt;');
    expect(sent.html).toContain('*|UNSUB|*');
    // The list webhook reporting unsubscribes was registered with the connection's secret.
    const [hook] = [...mailchimp.webhooks.values()];
    expect(hook!.url).toMatch(
      new RegExp(`/webhooks/ads/email\\?org=${owner.orgId}&secret=[\\w-]{20,}$`),
    );
    published = { campaignId, adId, externalId: ad.external_id! };
  });

  it('pauses while sending (cancel-send); one already sent cannot be paused, which is no error', async () => {
    expect(
      (await api('POST', `/api/v1/campaigns/${published.campaignId}/pause`, { token: owner.token }))
        .status,
    ).toBe(200);
    expect(mailchimp.campaigns.get(published.externalId)!.status).toBe('canceled');
    mailchimp.campaigns.get(published.externalId)!.status = 'sent';
    await api('POST', `/api/v1/campaigns/${published.campaignId}/resume`, { token: owner.token });
    expect(
      (await api('POST', `/api/v1/campaigns/${published.campaignId}/pause`, { token: owner.token }))
        .status,
    ).toBe(200);
    expect(mailchimp.campaigns.get(published.externalId)!.status).toBe('sent');
    await api('POST', `/api/v1/campaigns/${published.campaignId}/resume`, { token: owner.token });
  });

  it('pulls the report and its locations into the daily facts', async () => {
    mailchimp.setReport(
      published.externalId,
      {
        emails_sent: 2,
        send_time: new Date().toISOString(),
        opens: { opens_total: 6, unique_opens: 2, open_rate: 1 },
        clicks: { clicks_total: 3, unique_subscriber_clicks: 2 },
      },
      [
        { country_code: 'CR', region: 'SJ', region_name: 'San José', opens: 4 },
        { country_code: 'PA', region: '8', region_name: 'Panamá', opens: 2 },
      ],
    );
    await deliver(owner.orgId, published.campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(
        and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, published.adId)),
      );
    expect(facts.find((f) => f.country === 'CR')).toMatchObject({
      channel: 'email',
      day: today(),
      impressions: 4,
      clicks: 2,
    });
    expect(facts.find((f) => f.country === 'PA')).toMatchObject({ impressions: 2, clicks: 1 });
  });

  it('takes an unsubscribe from the list webhook once, as an email consent withdrawal; a wrong secret is refused', async () => {
    const [hook] = [...mailchimp.webhooks.values()];
    expect((await fetch(`${app.url}/webhooks/ads/email`)).status).toBe(200);
    const wrong = hook!.url.replace(/secret=[\w-]+/, 'secret=not-the-secret-at-all');
    expect((await mailchimp.unsubscribe(app.url, wrong, 'ana@example.com')).status).toBe(401);
    const otherOrg = hook!.url.replace(owner.orgId, other.orgId);
    expect((await mailchimp.unsubscribe(app.url, otherOrg, 'ana@example.com')).status).toBe(401);
    const first = await mailchimp.unsubscribe(app.url, hook!.url, 'ana@example.com');
    expect(await first.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const again = await mailchimp.unsubscribe(app.url, hook!.url, 'ana@example.com');
    expect(await again.json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    const consents = await json<{ data: { channel: string; status: string; source: string }[] }>(
      await api('GET', `/api/v1/contacts/${audience.contactIds[0]}/consents`, {
        token: owner.token,
      }),
    );
    expect(consents.data.find((c) => c.channel === 'email')).toMatchObject({
      status: 'withdrawn',
      source: 'mailchimp:unsubscribe',
    });
  });

  it('keeps organisations without Mailchimp on the simulated channel', async () => {
    const before = mailchimp.campaigns.size;
    const { campaignId, adId } = await approvedCampaign(other.token, null);
    // Approval also queues a delivery job: whichever of the two activates it publishes it.
    const ad = await publishedAd<Ad>(app, other, campaignId, adId);
    expect(ad.external_id).toBe(`sim-email-${adId}`);
    expect(mailchimp.campaigns.size).toBe(before);
  });

  it('disconnects: the platform’s list webhook is deleted at Mailchimp', async () => {
    const [connection] = (
      await json<Page<Connection>>(
        await api('GET', '/api/v1/ads/connections', { token: owner.token }),
      )
    ).data;
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    expect(mailchimp.webhooks.size).toBe(0);
    expect(
      mailchimp.requests.some((r) => r.method === 'DELETE' && r.path.includes('/webhooks/')),
    ).toBe(true);
  });
});

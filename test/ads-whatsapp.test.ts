import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performanceDaily } from '../src/modules/ads/infrastructure/ads.tables.js';
import {
  startFakeWhatsAppServer,
  type FakeWhatsAppServer,
} from './support/fake-whatsapp-server.js';
import { approvedAdCampaign, deliverNow, publishedAd } from './support/ad-campaigns.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { messagingAudience } from './support/messaging-audience.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Connection {
  id: string;
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

describe('WhatsApp Business Cloud API: template messages to opted-in contacts, signed status webhooks (fake Graph)', () => {
  let whatsapp: FakeWhatsAppServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let audience: { segmentId: string; contactIds: string[] };
  let published: { campaignId: string; adId: string };
  const verifyToken = 'wa-verify-token-1234';

  const connect = (token: string, settings: Record<string, string> = {}, key?: string) =>
    api('POST', '/api/v1/ads/connections', {
      token,
      body: {
        provider: 'whatsapp',
        api_key: key ?? whatsapp.token,
        settings: {
          waba_id: whatsapp.wabaId,
          phone_number_id: whatsapp.phoneNumberId,
          template_name: 'spring_launch',
          ...settings,
        },
      },
    });

  const approvedCampaign = (token: string, segmentId: string | null) =>
    approvedAdCampaign(api, token, {
      campaign: { name: 'WhatsApp launch', budget: { amount_minor: 100_000, currency: 'USD' } },
      adSet: {
        name: 'Opted-in riders',
        channel: 'whatsapp',
        targeting: { age_min: 18, age_max: 70, countries: ['CR'], languages: ['es'] },
        daily_budget_minor: 5_000,
        crm_segment_id: segmentId,
      },
      ad: { body: 'Rodá eléctrico', call_to_action: 'Comprar' },
    });

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  beforeAll(async () => {
    whatsapp = await startFakeWhatsAppServer();
    app = await startTestApp({
      env: {
        WHATSAPP_APP_SECRET: whatsapp.appSecret,
        WHATSAPP_GRAPH_BASE_URL: whatsapp.url,
        WHATSAPP_WEBHOOK_VERIFY_TOKEN: verifyToken,
        WHATSAPP_RETRY_BASE_MS: '5',
      },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
    audience = await messagingAudience(app.url, owner.token, 'wa-launch', [
      { first_name: 'Ana', phone: '+506 8888 1111', country: 'CR', granted: ['whatsapp'] },
      { first_name: 'Bruno', phone: '+506 8888 2222', country: 'CR', granted: ['whatsapp', 'sms'] },
      { first_name: 'Carla', phone: '+506 8888 3333', country: 'CR', granted: ['sms'] },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await whatsapp?.close();
  });

  it('refuses a wrong token or ids, and connects with a system-user token', async () => {
    expect((await connect(owner.token, {}, 'EAAGwrong')).status).toBe(400);
    expect((await connect(owner.token, { waba_id: 'x' })).status).toBe(400);
    const missing = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: {
        provider: 'whatsapp',
        api_key: whatsapp.token,
        settings: { waba_id: whatsapp.wabaId },
      },
    });
    expect(missing.status).toBe(400);
    const connected = await connect(owner.token);
    expect(connected.status).toBe(201);
    expect(await connected.json()).toMatchObject({
      provider: 'whatsapp',
      status: 'active',
      account_id: whatsapp.wabaId,
      account_name: 'Volta Bikes (+1 555-078-3881)',
      currency: 'USD',
    });
    const theirs = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: other.token }),
    );
    expect(theirs.data).toEqual([]);
  });

  it('sends the approved template in the audience language to contacts with WhatsApp consent only', async () => {
    whatsapp.rateLimitOnce();
    published = await approvedCampaign(owner.token, audience.segmentId);
    await publishedAd<Ad>(app, owner, published.campaignId, published.adId);
    expect(whatsapp.messages.map((m) => m.to).sort()).toEqual(['50688881111', '50688882222']);
    expect(whatsapp.messages[0]!.template).toMatchObject({
      name: 'spring_launch',
      language: { code: 'es' },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Volta' },
            { type: 'text', text: 'Rodá eléctrico' },
            { type: 'text', text: expect.any(String) },
          ],
        },
      ],
    });
    // 130429 was retried: three sends for two messages.
    expect(whatsapp.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(3);
    const ad = await json<Ad>(
      await api('GET', `/api/v1/ads/${published.adId}`, { token: owner.token }),
    );
    expect(ad.external_id).toBe(`whatsapp:${published.adId}`);
  });

  it('answers the verification handshake and counts signed status webhooks once into the facts', async () => {
    const handshake = (token: string) =>
      fetch(
        `${app.url}/webhooks/ads/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      );
    expect(await (await handshake(verifyToken)).text()).toBe('1158201444');
    expect((await handshake('not-the-token')).status).toBe(403);

    const [first, second] = whatsapp.messages;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const statuses = [
      { id: first!.id, status: 'read', timestamp, recipient_id: first!.to },
      {
        id: second!.id,
        status: 'failed',
        timestamp,
        recipient_id: second!.to,
        errors: [{ code: 131026, title: 'Message undeliverable' }],
      },
    ];
    expect(
      (await whatsapp.webhook(app.url, statuses, { secret: 'another-secret-xyz' })).status,
    ).toBe(401);
    const answer = await whatsapp.webhook(app.url, statuses);
    expect(await answer.json()).toEqual({ received: 2, applied: 2, ignored: 0 });
    expect(await (await whatsapp.webhook(app.url, statuses)).json()).toEqual({
      received: 2,
      applied: 0,
      ignored: 2,
    });
    await deliver(owner.orgId, published.campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(
        and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, published.adId)),
      );
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      channel: 'whatsapp',
      country: 'CR',
      day: today(),
      impressions: 1,
      reach: 1,
      interactions: 1,
    });
  });

  it('keeps organisations without a WhatsApp connection on the simulated channel', async () => {
    const before = whatsapp.messages.length;
    const { campaignId, adId } = await approvedCampaign(other.token, null);
    // Approval also queues a delivery job: whichever of the two activates it publishes it.
    const ad = await publishedAd<Ad>(app, other, campaignId, adId);
    expect(ad.external_id).toBe(`sim-whatsapp-${adId}`);
    expect(whatsapp.messages.length).toBe(before);
  });

  it('marks the connection needs_reauth when the token expires (190), and disconnects', async () => {
    whatsapp.expireToken();
    const next = await approvedCampaign(owner.token, audience.segmentId);
    // This delivery meets the refusal, or a scheduled tick got to the campaign first and met it
    // (then this one finds the mark, or nothing left to do). Either way the connection ends marked.
    await deliver(owner.orgId, next.campaignId).catch((error: Error) =>
      expect(error.message).toMatch(
        /WhatsApp refused the token|WhatsApp( Business)? connection needs to be made again/,
      ),
    );
    const connection = (
      await eventually(
        async () =>
          json<Page<Connection>>(
            await api('GET', '/api/v1/ads/connections', { token: owner.token }),
          ),
        (page) => page.data[0]?.status === 'needs_reauth',
      )
    ).data[0];
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
  });
});

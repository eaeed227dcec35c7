import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adAccountConnections,
  performanceDaily,
} from '../src/modules/ads/infrastructure/ads.tables.js';
import { startFakeTwilioServer, type FakeTwilioServer } from './support/fake-twilio-server.js';
import { deliverNow, publishedAd } from './support/ad-campaigns.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { messagingAudience } from './support/messaging-audience.js';
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
const messagingService = `MG${'a1'.repeat(16)}`;

describe('Twilio SMS: connection, sending to consenting contacts, status callbacks, STOP (fake Twilio)', () => {
  let twilio: FakeTwilioServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let audience: { segmentId: string; contactIds: string[] };
  let published: { campaignId: string; adId: string };

  const connect = (token: string, overrides: Record<string, unknown> = {}) =>
    api('POST', '/api/v1/ads/connections', {
      token,
      body: {
        provider: 'twilio',
        api_key: twilio.authToken,
        settings: { account_sid: twilio.accountSid, sender: messagingService },
        ...overrides,
      },
    });

  async function approvedSmsCampaign(token: string, segmentId: string | null) {
    const campaign = await json<{ id: string }>(
      await api('POST', '/api/v1/campaigns', {
        token,
        body: {
          brand: 'Volta Bikes',
          name: 'SMS launch',
          objective: 'traffic',
          countries: ['CR'],
          budget: { amount_minor: 100_000, currency: 'USD' },
          start_date: today(),
          end_date: inDays(10),
        },
      }),
    );
    const adSet = await json<{ id: string }>(
      await api('POST', '/api/v1/ad-sets', {
        token,
        body: {
          campaign_id: campaign.id,
          name: 'Opted-in riders',
          channel: 'sms',
          targeting: { age_min: 18, age_max: 70, countries: ['CR'] },
          daily_budget_minor: 5_000,
          pacing: 'standard',
          crm_segment_id: segmentId,
        },
      }),
    );
    const ad = await json<Ad>(
      await api('POST', '/api/v1/ads', {
        token,
        body: {
          ad_set_id: adSet.id,
          variant: 'A',
          headline: 'Volta',
          body: 'Ride electric, 10% off this week',
          call_to_action: 'Shop now',
        },
      }),
    );
    for (const step of ['submit', 'approve'])
      expect(
        (await api('POST', `/api/v1/campaigns/${campaign.id}/${step}`, { token })).status,
      ).toBe(200);
    return { campaignId: campaign.id, adId: ad.id };
  }

  const deliver = (orgId: string, campaignId: string) => deliverNow(app, orgId, campaignId);

  beforeAll(async () => {
    twilio = await startFakeTwilioServer();
    app = await startTestApp({
      env: { TWILIO_ENABLED: 'true', TWILIO_API_BASE_URL: twilio.url, TWILIO_RETRY_BASE_MS: '5' },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
    audience = await messagingAudience(app.url, owner.token, 'sms-launch', [
      { first_name: 'Ana', phone: '+506 8888 1111', country: 'CR', granted: ['sms'] },
      { first_name: 'Bruno', phone: '+506 8888 2222', country: 'PA', granted: ['sms', 'email'] },
      // No SMS consent (email only, or withdrawn): never messaged.
      { first_name: 'Carla', phone: '+506 8888 3333', country: 'CR', granted: ['email'] },
      { first_name: 'Darío', phone: '+506 8888 4444', granted: [], withdrawn: ['sms'] },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await twilio?.close();
  });

  it('refuses bad keys and settings, and non-admins; nothing is stored', async () => {
    const providers = await json<{ data: { provider: string; required_settings: object }[] }>(
      await api('GET', '/api/v1/ads/connection-providers', { token: owner.token }),
    );
    expect(providers.data.find((p) => p.provider === 'twilio')).toMatchObject({
      credential_kind: 'api_key',
      channels: ['sms'],
      required_settings: { account_sid: expect.any(String), sender: expect.any(String) },
    });
    const marketer = await createMember(app, owner.token, 'marketer');
    expect((await connect(marketer)).status).toBe(403);
    const noKey = await api('POST', '/api/v1/ads/connections', {
      token: owner.token,
      body: { provider: 'twilio', settings: { account_sid: twilio.accountSid } },
    });
    expect(noKey.status).toBe(400);
    expect(noKey.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await connect(owner.token, { settings: { account_sid: twilio.accountSid } })).status,
    ).toBe(400);
    expect(
      (
        await connect(owner.token, {
          settings: { account_sid: 'AC-not-a-sid', sender: messagingService },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await connect(owner.token, {
          settings: { account_sid: twilio.accountSid, sender: '8888-1111' },
        })
      ).status,
    ).toBe(400);
    // Twilio answers 20003 to a wrong auth token: a 400 naming it.
    const wrongToken = await connect(owner.token, { api_key: 'f'.repeat(32) });
    expect(wrongToken.status).toBe(400);
    expect(JSON.stringify(await wrongToken.json())).toMatch(/Twilio refused/);
    const list = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(list.data).toEqual([]);
  });

  it('connects with the account SID and auth token: account name shown, the token encrypted', async () => {
    const connected = await connect(owner.token);
    expect(connected.status).toBe(201);
    expect(await connected.json()).toMatchObject({
      provider: 'twilio',
      status: 'active',
      account_id: twilio.accountSid,
      account_name: 'Volta Bikes SMS',
      currency: 'USD',
    });
    const [row] = await app.runtime.db
      .select()
      .from(adAccountConnections)
      .where(eq(adAccountConnections.orgId, owner.orgId));
    expect(row!.accessTokenEncrypted).not.toContain(twilio.authToken);
    const theirs = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: other.token }),
    );
    expect(theirs.data).toEqual([]);
  });

  it('sends an approved SMS ad to the consenting members only, honouring a 429 Retry-After', async () => {
    twilio.rateLimitOnce(1);
    published = await approvedSmsCampaign(owner.token, audience.segmentId);
    await deliver(owner.orgId, published.campaignId);
    const sent = [...twilio.messages.values()];
    expect(sent.map((m) => m.to).sort()).toEqual(['+50688881111', '+50688882222']);
    for (const message of sent) {
      expect(message.messaging_service_sid).toBe(messagingService);
      expect(message.body).toContain('Volta: Ride electric, 10% off this week');
      expect(message.status_callback).toBe(
        `${app.config.publicUrl}/webhooks/ads/sms?org=${owner.orgId}`,
      );
    }
    // The first create met 429 / Retry-After: 1 and was sent again a second later.
    const creates = twilio.requests.filter((r) => r.path.endsWith('/Messages.json'));
    expect(creates).toHaveLength(3);
    expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(900);
    const ad = await json<Ad>(
      await api('GET', `/api/v1/ads/${published.adId}`, { token: owner.token }),
    );
    expect(ad.external_id).toBe(`twilio:${published.adId}`);
    // Pausing stops nothing already sent, and is no error.
    expect(
      (await api('POST', `/api/v1/campaigns/${published.campaignId}/pause`, { token: owner.token }))
        .status,
    ).toBe(200);
    expect(twilio.requests.filter((r) => r.path.endsWith('/Messages.json'))).toHaveLength(3);
  });

  it('counts signed status callbacks once into the daily facts; a bad signature is refused', async () => {
    const [first, second] = [...twilio.messages.values()];
    const answer = await twilio.statusCallback(app.url, first!.sid, 'delivered');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    // The same callback again (Twilio retries): not applied twice.
    const again = await twilio.statusCallback(app.url, first!.sid, 'delivered');
    expect(await again.json()).toEqual({ received: 1, applied: 0, ignored: 1 });
    // A late `sent` after `delivered` changes nothing.
    expect(await (await twilio.statusCallback(app.url, first!.sid, 'sent')).json()).toMatchObject({
      applied: 0,
    });
    expect(
      await (await twilio.statusCallback(app.url, second!.sid, 'undelivered', '30003')).json(),
    ).toMatchObject({ applied: 1 });

    const params = { AccountSid: twilio.accountSid, MessageSid: first!.sid, MessageStatus: 'read' };
    const forged = await fetch(`${app.url}/webhooks/ads/sms?org=${owner.orgId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.sign(
          `${app.config.publicUrl}/webhooks/ads/sms?org=${other.orgId}`,
          params,
        ),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(forged.status).toBe(401);

    await api('POST', `/api/v1/campaigns/${published.campaignId}/resume`, { token: owner.token });
    await deliver(owner.orgId, published.campaignId);
    const facts = await app.runtime.db
      .select()
      .from(performanceDaily)
      .where(
        and(eq(performanceDaily.orgId, owner.orgId), eq(performanceDaily.adId, published.adId)),
      );
    expect(facts.find((f) => f.country === 'CR')).toMatchObject({
      channel: 'sms',
      day: today(),
      impressions: 1,
      reach: 1,
    });
    expect(facts.find((f) => f.country === 'PA')).toMatchObject({ impressions: 0 });
  });

  it('records an inbound STOP as a withdrawal of SMS consent in the CRM', async () => {
    const answer = await twilio.inboundStop(
      app.url,
      `${app.config.publicUrl}/webhooks/ads/sms?org=${owner.orgId}`,
      '+50688881111',
    );
    expect(await answer.json()).toEqual({ received: 1, applied: 1, ignored: 0 });
    const consents = await json<{ data: { channel: string; status: string; source: string }[] }>(
      await api('GET', `/api/v1/contacts/${audience.contactIds[0]}/consents`, {
        token: owner.token,
      }),
    );
    expect(consents.data.find((c) => c.channel === 'sms')).toMatchObject({
      status: 'withdrawn',
      source: 'twilio:STOP',
    });
    // A second campaign to the same segment no longer reaches Ana.
    const before = twilio.messages.size;
    const next = await approvedSmsCampaign(owner.token, audience.segmentId);
    await deliver(owner.orgId, next.campaignId);
    const newest = [...twilio.messages.values()].slice(before).map((m) => m.to);
    expect(newest).toEqual(['+50688882222']);
  });

  it('keeps organisations without a Twilio connection on the simulated channel', async () => {
    const before = twilio.messages.size;
    const { campaignId, adId } = await approvedSmsCampaign(other.token, null);
    // Approval also queues a delivery job: whichever of the two activates it publishes it.
    const ad = await publishedAd<Ad>(app, other, campaignId, adId);
    expect(ad.external_id).toBe(`sim-sms-${adId}`);
    expect(twilio.messages.size).toBe(before);
  });

  it('marks the connection needs_reauth when Twilio refuses the token, and disconnects', async () => {
    twilio.rotateAuthToken();
    const next = await approvedSmsCampaign(owner.token, audience.segmentId);
    // This delivery meets the refusal, or a scheduled tick got to the campaign first and met it
    // (then this one finds the mark, or nothing left to do). Either way the connection ends marked.
    await deliver(owner.orgId, next.campaignId).catch((error: Error) =>
      expect(error.message).toMatch(/Twilio refused|Twilio connection needs to be made again/),
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
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: other.token }))
        .status,
    ).toBe(404);
    expect(
      (await api('DELETE', `/api/v1/ads/connections/${connection!.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    const after = await json<Page<Connection>>(
      await api('GET', '/api/v1/ads/connections', { token: owner.token }),
    );
    expect(after.data).toEqual([]);
  });
});

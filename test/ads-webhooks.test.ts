import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverCampaign } from '../src/modules/ads/application/delivery.job.js';
import { findCampaign } from '../src/modules/ads/infrastructure/campaigns.repository.js';
import {
  signSimulatedWebhook,
  simulatedWebhookSecret,
} from '../src/modules/ads/infrastructure/simulated-channel-adapter.js';
import { apiClient, json } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Ad {
  id: string;
  external_id: string | null;
  channel_status: string | null;
}
interface AdSentiment {
  comments: number;
  latest_comments: { text: string; author: string; sentiment: number }[];
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('channel webhooks (POST /webhooks/ads/{channel})', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let ad: Ad;
  let secret: string;

  const post = (channel: string, body: string, signature?: string) =>
    fetch(`${app.url}/webhooks/ads/${channel}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-simulated-signature': signature } : {}),
      },
      body,
    });

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    const token = owner.token;
    const campaign = await json<{ id: string }>(
      await api('POST', '/api/v1/campaigns', {
        token,
        body: {
          brand: 'Volta Bikes',
          name: 'Webhook launch',
          objective: 'awareness',
          countries: ['CR'],
          budget: { amount_minor: 1_000_000, currency: 'USD' },
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
          name: 'Creators',
          channel: 'instagram',
          targeting: { age_min: 18, age_max: 40, countries: ['CR'], languages: ['es'] },
          daily_budget_minor: 50_000,
          pacing: 'standard',
        },
      }),
    );
    const created = await api('POST', '/api/v1/ads', {
      token,
      body: {
        ad_set_id: adSet.id,
        variant: 'A',
        headline: 'Volta',
        body: 'Ride',
        call_to_action: 'Shop now',
      },
    });
    expect(created.status).toBe(201);
    ad = await json<Ad>(created);
    for (const step of ['submit', 'approve'])
      expect(
        (await api('POST', `/api/v1/campaigns/${campaign.id}/${step}`, { token })).status,
      ).toBe(200);
    // Publishing at the channel gives the ad its platform id (the webhook's reference).
    const row = (await findCampaign(app.runtime.db, owner.orgId, campaign.id))!;
    await deliverCampaign(app.runtime, row, new Date(), app.runtime.log);
    ad = await json<Ad>(await api('GET', `/api/v1/ads/${ad.id}`, { token }));
    expect(ad.external_id).toBeTruthy();
    secret = simulatedWebhookSecret(app.runtime.masterKey, 'instagram');
  });
  afterAll(async () => app?.close());

  it('refuses unsigned, wrongly signed, replayed-late and other-channel requests', async () => {
    const body = JSON.stringify({ events: [] });
    expect((await post('instagram', body)).status).toBe(401);
    expect((await post('instagram', body, 't=1,v1=00')).status).toBe(401);
    const tampered = signSimulatedWebhook(secret, body);
    expect((await post('instagram', `${body} `, tampered)).status).toBe(401);
    const old = signSimulatedWebhook(secret, body, new Date(Date.now() - 10 * 60_000));
    expect((await post('instagram', body, old)).status).toBe(401);
    // Each channel has its own secret.
    expect((await post('facebook', body, signSimulatedWebhook(secret, body))).status).toBe(401);
    expect((await post('myspace', body, signSimulatedWebhook(secret, body))).status).toBe(400);
  });

  it('stores comments once with their sentiment, and applies delivery status in order', async () => {
    const events = [
      {
        type: 'comment',
        ad_id: ad.external_id,
        comment: {
          id: 'ig-c-1',
          author: '@ana',
          text: 'Pésimo, nunca llegó 😡',
          language: 'es',
          reactions: 2,
          created_at: new Date().toISOString(),
        },
      },
      {
        type: 'comment',
        ad_id: ad.external_id,
        comment: {
          id: 'ig-c-2',
          author: '@leo',
          text: 'Love it!',
          language: 'en',
          created_at: new Date().toISOString(),
        },
      },
      {
        type: 'delivery_status',
        ad_id: ad.external_id,
        status: 'in_review',
        occurred_at: new Date(Date.now() - 1000).toISOString(),
      },
      { type: 'reaction', ad_id: ad.external_id, count: 10 },
      { type: 'comment', ad_id: 'sim-instagram-unknown', comment: { id: 'x' } },
      { type: 'story_insight' },
    ];
    const body = JSON.stringify({ events });
    const first = await post('instagram', body, signSimulatedWebhook(secret, body));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 6, applied: 3, ignored: 3 });
    // Redelivery (platforms retry): nothing counts twice.
    const again = await post('instagram', body, signSimulatedWebhook(secret, body));
    expect(await again.json()).toEqual({ received: 6, applied: 0, ignored: 6 });

    const sentiment = await json<AdSentiment>(
      await api('GET', `/api/v1/ads/${ad.id}/sentiment`, { token: owner.token }),
    );
    const fromHook = sentiment.latest_comments.filter(
      (c) => c.author === '@ana' || c.author === '@leo',
    );
    expect(fromHook).toHaveLength(2);
    expect(fromHook.find((c) => c.author === '@ana')!.sentiment).toBeLessThan(0);
    expect(fromHook.find((c) => c.author === '@leo')!.sentiment).toBeGreaterThan(0);

    // A newer status wins; an older one arriving late does not overwrite it.
    const status = (value: string, at: number) =>
      JSON.stringify({
        events: [
          {
            type: 'delivery_status',
            ad_id: ad.external_id,
            status: value,
            reason: value === 'rejected' ? 'Policy: misleading claims' : undefined,
            occurred_at: new Date(at).toISOString(),
          },
        ],
      });
    const rejected = status('rejected', Date.now());
    await post('instagram', rejected, signSimulatedWebhook(secret, rejected));
    const stale = status('active', Date.now() - 60_000);
    const staleAnswer = await post('instagram', stale, signSimulatedWebhook(secret, stale));
    expect((await staleAnswer.json()) as object).toMatchObject({ applied: 0, ignored: 1 });
    const read = await json<Ad>(await api('GET', `/api/v1/ads/${ad.id}`, { token: owner.token }));
    expect(read.channel_status).toBe('rejected');
  });
});

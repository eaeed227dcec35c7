import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverCampaign } from '../src/modules/ads/application/delivery.job.js';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { comments, sentimentDaily } from '../src/modules/ads/infrastructure/ads.tables.js';
import { findCampaign } from '../src/modules/ads/infrastructure/campaigns.repository.js';
import { aiGatewayFor } from '../src/modules/ai/index.js';
import {
  demoAccounts,
  demoOrganizationId,
  demoPassword,
  identityModule,
} from '../src/modules/identity/index.js';
import { AppError } from '../src/platform/errors/app-error.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';
import { apiClient, json, type Page } from './support/http.js';
import { logIn } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Alert {
  ad_id: string;
  campaign_id: string;
  brand: string;
  channel: string;
  sentiment: { score: number; label: string; comments: number; negative_comments: number };
  influencer_reactions: { current: number; previous: number; drop_pct: number };
}
interface Alerts {
  brand: string | null;
  window: { current: { from: string; to: string }; previous: { from: string; to: string } };
  data: Alert[];
}
interface AdSentiment {
  channel: string;
  score: number | null;
  label: string | null;
  comments: number;
  influencer_reactions: number;
  days: { day: string; comments: number; influencer_reactions: number }[];
  latest_comments: { text: string; sentiment: number; author: string }[];
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('ad sentiment from comments on the demo organisation', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let token: string;
  let orgId: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    await identityModule.seed!(app.runtime);
    await seedAdsDemo(app.runtime, 20);
    orgId = (await demoOrganizationId(app.runtime))!;
    const analyst = demoAccounts.find((a) => a.role === 'analyst')!;
    token = (await logIn(app, analyst.email, demoPassword)).access_token;
  });
  afterAll(async () => app?.close());

  const alerts = async (query = '') => {
    const response = await api('GET', `/api/v1/ads/sentiment-alerts?${query}`, { token });
    expect(response.status).toBe(200);
    return json<Alerts>(response);
  };

  it('finds ads with negative sentiment and falling influencer reactions, with the % drop', async () => {
    const result = await alerts();
    const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
    expect(result.window.current).toEqual({ from: addDays(yesterday, -6), to: yesterday });
    expect(result.window.previous).toEqual({
      from: addDays(yesterday, -13),
      to: addDays(yesterday, -7),
    });
    expect(result.data.length).toBeGreaterThanOrEqual(2);
    for (const alert of result.data) {
      expect(alert.channel).toBe('influencer');
      expect(alert.sentiment.score).toBeLessThanOrEqual(-0.05);
      expect(alert.sentiment.label).toBe('negative');
      expect(alert.sentiment.comments).toBeGreaterThanOrEqual(3);
      const { current, previous, drop_pct } = alert.influencer_reactions;
      expect(current).toBeLessThan(previous);
      expect(drop_pct).toBeCloseTo(((previous - current) / previous) * 100, 0);
    }
    const drops = result.data.map((a) => a.influencer_reactions.drop_pct);
    expect(drops).toEqual([...drops].sort((a, b) => b - a));

    // One brand only; a brand without such ads answers an empty list.
    const brand = result.data[0]!.brand;
    const ofBrand = await alerts(`brand=${encodeURIComponent(brand.toUpperCase())}`);
    expect(ofBrand.data.length).toBeGreaterThan(0);
    expect(ofBrand.data.every((a) => a.brand === brand)).toBe(true);
    expect((await alerts('brand=Nobody%20Inc')).data).toEqual([]);
    // Stricter thresholds narrow the answer; parameters are validated.
    const steep = await alerts('min_drop_pct=99.9');
    expect(steep.data.length).toBeLessThan(result.data.length);
    const bad = await api('GET', '/api/v1/ads/sentiment-alerts?window_days=0', { token });
    expect(bad.status).toBe(400);
  });

  it("shows an ad's daily sentiment and latest comments, classified through the AI gateway", async () => {
    const [alert] = (await alerts()).data;
    const response = await api('GET', `/api/v1/ads/${alert!.ad_id}/sentiment`, { token });
    expect(response.status).toBe(200);
    const body = await json<AdSentiment>(response);
    expect(body.channel).toBe('influencer');
    expect(body.label).toBe('negative');
    expect(body.comments).toBeGreaterThan(10);
    expect(body.influencer_reactions).toBeGreaterThan(0);
    expect(body.latest_comments.length).toBeGreaterThan(0);
    const negative = body.latest_comments.filter((c) => c.sentiment < 0);
    expect(negative.length).toBeGreaterThan(body.latest_comments.length / 3);

    const month = new Date().toISOString().slice(0, 7);
    const usage = await aiGatewayFor(app.runtime).usageSummary(orgId, month);
    const sentimentCalls = usage.byPurpose.find((p) => p.purpose === 'ads.sentiment');
    expect(sentimentCalls?.calls).toBeGreaterThan(0);
  });

  it('stores new comments of a running social ad on delivery, once', async () => {
    const list = await json<Page<{ id: string; status: string }>>(
      await api('GET', '/api/v1/campaigns?status=active&limit=100', { token }),
    );
    const countComments = async (campaignId: string) => {
      const [row] = await app.runtime.db
        .select({ count: sql<number>`count(*)::int` })
        .from(comments)
        .where(and(eq(comments.orgId, orgId), eq(comments.campaignId, campaignId)));
      return row!.count;
    };
    const sumDaily = async (campaignId: string) => {
      const [row] = await app.runtime.db
        .select({ count: sql<number>`coalesce(sum(${sentimentDaily.comments}), 0)::int` })
        .from(sentimentDaily)
        .where(and(eq(sentimentDaily.orgId, orgId), eq(sentimentDaily.campaignId, campaignId)));
      return row!.count;
    };
    // Late in the day, so today's comments have been posted.
    const lateToday = new Date(`${new Date().toISOString().slice(0, 10)}T23:00:00Z`);
    let grew = false;
    for (const { id } of list.data) {
      const campaign = (await findCampaign(app.runtime.db, orgId, id))!;
      const before = await countComments(id);
      await deliverCampaign(app.runtime, campaign, lateToday, app.runtime.log);
      const after = await countComments(id);
      if (after === before) continue;
      grew = true;
      expect(await sumDaily(id)).toBe(after);
      await deliverCampaign(app.runtime, campaign, lateToday, app.runtime.log);
      expect(await countComments(id)).toBe(after);
      expect(await sumDaily(id)).toBe(after);
      break;
    }
    expect(grew).toBe(true);
  });
});

describe('sentiment through an OpenAI-compatible provider', () => {
  let fake: FakeOpenAiServer;
  let app: TestApp;

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
    app = await startTestApp({
      env: {
        AI_PROVIDER: 'openai',
        AI_BASE_URL: fake.url,
        AI_API_KEY: 'sk-sentiment-test',
        AI_TEXT_MODEL: 'gpt-4o-mini',
        AI_MAX_RETRIES: '0',
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('asks the chat model for one score per comment, and refuses a malformed answer', async () => {
    const gateway = aiGatewayFor(app.runtime);
    const orgId = '01936b2a-0000-7000-8000-000000000001';
    fake.chatContent = () => JSON.stringify({ scores: [0.9, -0.7] });
    const result = await gateway.classifySentiment({
      orgId,
      purpose: 'ads.sentiment',
      texts: ['Me encanta', 'Una estafa'],
      language: 'es',
      cache: false,
    });
    expect(result.scores.map((s) => s.label)).toEqual(['positive', 'negative']);
    expect(result.provider).toBe('openai');
    expect(result.model).toBe('gpt-4o-mini');
    const sent = JSON.stringify(fake.requests.at(-1)?.body);
    expect(sent).toContain('1. Me encanta');
    expect(sent).toContain('2. Una estafa');

    fake.chatContent = () => JSON.stringify({ scores: [0.9] });
    const failure = await gateway
      .classifySentiment({
        orgId,
        purpose: 'ads.sentiment',
        texts: ['Me encanta', 'Una estafa'],
        language: 'es',
        cache: false,
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('dependency_unavailable');
  });
});

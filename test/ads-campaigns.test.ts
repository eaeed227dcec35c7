import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adsServicesFor } from '../src/modules/ads/application/ads-services.js';
import { allModules } from '../src/app/modules.js';
import { deliverCampaign } from '../src/modules/ads/application/delivery.job.js';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { demoTopUpJob } from '../src/modules/ads/application/demo-top-up.job.js';
import { createDraftFromPlan } from '../src/modules/ads/index.js';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import { signConversionBody } from '../src/modules/ads/domain/conversion-signature.js';
import { findCampaign } from '../src/modules/ads/infrastructure/campaigns.repository.js';
import { FieldCrypto } from '../src/platform/security/field-crypto.js';
import type { DomainEvent } from '../src/platform/events/domain-event.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, logIn, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Campaign {
  id: string;
  status: string;
  budget: { amount_minor: number; currency: string };
}
interface Ad {
  id: string;
  variant: string;
  status: string;
  external_id: string | null;
}
interface Metrics {
  impressions: number;
  clicks: number;
  tracked_clicks: number;
  conversions: number;
  tracked_conversions: number;
  spend_minor: number;
  revenue_minor: number;
  ctr: number | null;
  roi: number | null;
}
interface Performance {
  data: (Metrics & { key: string })[];
  total: Metrics;
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Collects the ads events the CRM would react to, as a subscriber module. */
const received: DomainEvent[] = [];
const eventCapture: ModuleDefinition = {
  name: 'ads-event-capture',
  eventHandlers: ['ads.click-recorded', 'ads.conversion-recorded'].map((eventType) => ({
    name: `test.capture-${eventType}`,
    eventType,
    handle: async (event: DomainEvent) => {
      received.push(event);
    },
  })),
};

describe('PromptAds through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let marketer: string;
  let analyst: string;
  let campaign: Campaign;
  let ads: Ad[];
  let adSetId: string;

  beforeAll(async () => {
    app = await startTestApp({ modules: [...allModules, eventCapture] });
    api = apiClient(app.url);
    owner = await signUp(app);
    marketer = await createMember(app, owner.token, 'marketer');
    analyst = await createMember(app, owner.token, 'analyst');
  });
  afterAll(async () => app?.close());

  const campaignBody = () => ({
    brand: 'Café Aurora',
    name: `Summer launch ${Math.random().toString(36).slice(2, 7)}`,
    objective: 'sales',
    countries: ['CR', 'MX'],
    cities: [{ country: 'MX', city: 'Monterrey' }],
    budget: { amount_minor: 5_000_000, currency: 'USD' },
    start_date: today(),
    end_date: inDays(30),
  });

  const performance = async (query: string) => {
    const response = await api('GET', `/api/v1/ads/performance?${query}`, { token: analyst });
    expect(response.status).toBe(200);
    return json<Performance>(response);
  };

  it('lets a marketer build a campaign with two variants; analysts only read', async () => {
    const refused = await api('POST', '/api/v1/campaigns', {
      token: analyst,
      body: campaignBody(),
    });
    expect(refused.status).toBe(403);

    const badDates = await api('POST', '/api/v1/campaigns', {
      token: marketer,
      body: { ...campaignBody(), end_date: '2020-01-01' },
    });
    expect(badDates.status).toBe(400);
    expect((await json<Problem>(badDates)).errors?.map((e) => e.field).join()).toContain(
      'end_date',
    );

    const key = `campaign-${Date.now()}`;
    const body = campaignBody();
    const created = await api('POST', '/api/v1/campaigns', {
      token: marketer,
      body,
      headers: { 'idempotency-key': key },
    });
    expect(created.status).toBe(201);
    campaign = await json<Campaign>(created);
    expect(campaign.status).toBe('draft');
    const replay = await api('POST', '/api/v1/campaigns', {
      token: marketer,
      body,
      headers: { 'idempotency-key': key },
    });
    expect((await json<Campaign>(replay)).id).toBe(campaign.id);

    const adSet = await api('POST', '/api/v1/ad-sets', {
      token: marketer,
      body: {
        campaign_id: campaign.id,
        name: 'Young adults, social',
        channel: 'facebook',
        targeting: {
          age_min: 21,
          age_max: 35,
          genders: ['female', 'male'],
          countries: ['CR'],
          cities: [{ country: 'MX', city: 'Monterrey' }],
          languages: ['es'],
          interests: ['coffee'],
        },
        daily_budget_minor: 200_000,
        pacing: 'accelerated',
      },
    });
    expect(adSet.status).toBe(201);
    adSetId = (await json<{ id: string }>(adSet)).id;
    // The budget cannot fall below the ad set's daily budget, as no ad set may exceed the budget.
    const starved = await api('PATCH', `/api/v1/campaigns/${campaign.id}`, {
      token: marketer,
      body: { budget: { amount_minor: 150_000, currency: 'USD' } },
    });
    expect(starved.status).toBe(400);
    expect((await json<Problem>(starved)).errors?.map((e) => e.field)).toEqual([
      'budget.amount_minor',
    ]);
    const unchanged = await api('GET', `/api/v1/campaigns/${campaign.id}`, { token: marketer });
    expect((await json<Campaign>(unchanged)).budget).toEqual(campaign.budget);
    ads = [];
    for (const variant of ['A', 'B']) {
      const ad = await api('POST', '/api/v1/ads', {
        token: marketer,
        body: {
          ad_set_id: adSetId,
          variant,
          headline: `Aurora ${variant}`,
          body: 'Fresh roast, every morning.',
          call_to_action: 'Shop now',
        },
      });
      expect(ad.status).toBe(201);
      ads.push(await json<Ad>(ad));
    }
    const listed = await json<Page<Ad>>(
      await api('GET', `/api/v1/ads?campaign_id=${campaign.id}&limit=1`, { token: analyst }),
    );
    expect(listed.data).toHaveLength(1);
    expect(listed.has_more).toBe(true);
    const next = await json<Page<Ad>>(
      await api(
        'GET',
        `/api/v1/ads?campaign_id=${campaign.id}&limit=1&cursor=${listed.next_cursor}`,
        {
          token: analyst,
        },
      ),
    );
    expect(next.data.map((ad) => ad.id)).not.toContain(listed.data[0]!.id);
  });

  it('needs approval by someone with ads:publish; illegal transitions answer 409', async () => {
    const early = await api('POST', `/api/v1/campaigns/${campaign.id}/approve`, {
      token: marketer,
    });
    expect(early.status).toBe(409);
    expect((await json<Problem>(early)).code).toBe('conflict');

    expect(
      (await api('POST', `/api/v1/campaigns/${campaign.id}/submit`, { token: marketer })).status,
    ).toBe(200);
    const byAnalyst = await api('POST', `/api/v1/campaigns/${campaign.id}/approve`, {
      token: analyst,
    });
    expect(byAnalyst.status).toBe(403);
    const approved = await api('POST', `/api/v1/campaigns/${campaign.id}/approve`, {
      token: marketer,
    });
    expect(approved.status).toBe(200);
    expect((await json<Campaign>(approved)).status).toBe('scheduled');

    const frozen = await api('POST', '/api/v1/ads', {
      token: marketer,
      body: { ad_set_id: adSetId, headline: 'x', body: 'y', call_to_action: 'z' },
    });
    expect(frozen.status).toBe(409);
  });

  it('is started and delivered by the simulated channel after approval', async () => {
    const active = await eventually(
      async () =>
        json<Campaign>(await api('GET', `/api/v1/campaigns/${campaign.id}`, { token: analyst })),
      (c) => c.status === 'active',
    );
    expect(active.status).toBe('active');
    const delivered = await eventually(
      () => performance(`campaign_id=${campaign.id}&group_by=ad`),
      (p) => p.data.length === 2 && p.total.impressions > 0,
    );
    expect(delivered.total.spend_minor).toBeGreaterThan(0);
    expect(delivered.total.spend_minor).toBeLessThanOrEqual(200_000);
    expect(delivered.total.ctr).toBeGreaterThan(0);
    const published = await json<Page<Ad>>(
      await api('GET', `/api/v1/ads?campaign_id=${campaign.id}`, { token: analyst }),
    );
    expect(published.data.every((ad) => ad.external_id?.startsWith('sim-facebook-'))).toBe(true);
    const byCity = await performance(`campaign_id=${campaign.id}&group_by=city`);
    expect(byCity.data.map((row) => row.key).sort()).toEqual(['MX/Monterrey']);
  });

  it('compares the variants with a significance test and redelivers idempotently', async () => {
    const response = await api('GET', `/api/v1/ad-sets/${adSetId}/variants?metric=ctr`, {
      token: analyst,
    });
    expect(response.status).toBe(200);
    const comparison = await json<{
      variants: { variant: string; trials: number; successes: number }[];
      test: { a: string; b: string; p_value: number; winner: string | null } | null;
    }>(response);
    expect(comparison.variants.map((v) => v.variant).sort()).toEqual(['A', 'B']);
    expect(comparison.variants.every((v) => v.trials > 0)).toBe(true);
    expect(comparison.test).not.toBeNull();
    if (comparison.test!.winner !== null) expect(comparison.test!.p_value).toBeLessThan(0.05);

    // The same delivery twice leaves the same facts. The per-minute cron run may land between
    // the two and write its own `now`, so a mismatch is retried (a real defect fails every try).
    const row = await findCampaign(app.runtime.db, owner.orgId, campaign.id);
    let same = false;
    for (let attempt = 0; attempt < 3 && !same; attempt++) {
      const now = new Date();
      await deliverCampaign(app.runtime, row!, now, app.runtime.log);
      const first = await performance(`campaign_id=${campaign.id}&group_by=city`);
      await deliverCampaign(app.runtime, row!, now, app.runtime.log);
      const second = await performance(`campaign_id=${campaign.id}&group_by=city`);
      same = JSON.stringify(first) === JSON.stringify(second) && first.total.impressions > 0;
    }
    expect(same).toBe(true);
  });

  it('records a tracked-link click and a signed conversion in the performance query within seconds', async () => {
    const before = await performance(`campaign_id=${campaign.id}&group_by=ad`);
    const link = await api('POST', '/api/v1/tracked-links', {
      token: marketer,
      body: {
        ad_id: ads[1]!.id,
        destination_url: 'https://aurora.example/shop?ref=1',
        utm: { utm_source: 'facebook', utm_medium: 'paid_social' },
      },
    });
    expect(link.status).toBe(201);
    const { code } = await json<{ code: string }>(link);

    const redirect = await fetch(`${app.url}/t/${code}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://aurora.example/shop');
    expect(location.searchParams.get('utm_source')).toBe('facebook');
    expect(location.searchParams.get('ref')).toBe('1');
    expect((await fetch(`${app.url}/t/nosuchcode`, { redirect: 'manual' })).status).toBe(404);

    const secretResponse = await api('POST', '/api/v1/conversion-signing-secret', {
      token: marketer,
    });
    expect(secretResponse.status).toBe(201);
    const { secret } = await json<{ secret: string }>(secretResponse);
    const raw = JSON.stringify({
      organization_id: owner.orgId,
      event_id: `order-${Date.now()}`,
      link_code: code,
      kind: 'purchase',
      value_minor: 12_345,
      currency: 'USD',
      email: 'buyer@example.test',
    });
    const send = (signature: string) =>
      fetch(`${app.url}/api/v1/conversions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-promptsales-signature': signature },
        body: raw,
      });

    const forged = await send(signConversionBody('whsec_wrong', raw));
    expect(forged.status).toBe(401);
    const recorded = await send(signConversionBody(secret, raw));
    expect(recorded.status).toBe(201);
    expect((await json<{ status: string }>(recorded)).status).toBe('recorded');
    const duplicate = await send(signConversionBody(secret, raw));
    expect(duplicate.status).toBe(200);
    expect((await json<{ status: string }>(duplicate)).status).toBe('duplicate');

    // Rotation: the previous secret keeps working until the next rotation, then it is refused.
    const signed = (body: string, key: string) =>
      fetch(`${app.url}/api/v1/conversions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-promptsales-signature': signConversionBody(key, body),
        },
        body,
      });
    const another = (id: string) =>
      JSON.stringify({ organization_id: owner.orgId, event_id: id, ad_id: ads[0]!.id });
    const rotate = async () =>
      (
        await json<{ secret: string }>(
          await api('POST', '/api/v1/conversion-signing-secret', { token: marketer }),
        )
      ).secret;
    const second = await rotate();
    expect((await signed(another(`rot-1-${Date.now()}`), secret)).status).toBe(201);
    expect((await signed(another(`rot-2-${Date.now()}`), second)).status).toBe(201);
    await rotate();
    expect((await signed(another(`rot-3-${Date.now()}`), secret)).status).toBe(401);

    const started = Date.now();
    const after = await eventually(
      () => performance(`campaign_id=${campaign.id}&group_by=ad`),
      (p) => p.total.tracked_clicks === 1 && p.total.tracked_conversions === 3,
      5_000,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    const variantB = after.data.find((row) => row.key === ads[1]!.id)!;
    expect(variantB.tracked_clicks).toBe(1);
    expect(variantB.tracked_conversions).toBe(1);
    expect(after.total.revenue_minor).toBeGreaterThanOrEqual(before.total.revenue_minor + 12_345);

    const events = await eventually(
      async () => received.filter((event) => event.orgId === owner.orgId),
      (list) => list.length >= 4,
    );
    expect(events.find((e) => e.type === 'ads.click-recorded')?.payload).toMatchObject({
      adId: ads[1]!.id,
      campaignId: campaign.id,
      utm: { utm_source: 'facebook' },
    });
    const conversionsOfB = events.filter(
      (e) => e.type === 'ads.conversion-recorded' && e.payload.adId === ads[1]!.id,
    );
    expect(conversionsOfB).toHaveLength(1);
    expect(conversionsOfB[0]!.payload).toMatchObject({
      orgId: owner.orgId,
      adId: ads[1]!.id,
      campaignId: campaign.id,
      valueMinor: 12_345,
      currency: 'USD',
    });
    // The person's email travels encrypted: the outbox keeps events for a week.
    const payload = conversionsOfB[0]!.payload as { email?: string; emailEncrypted: string };
    expect(payload.email).toBeUndefined();
    expect(JSON.stringify(payload)).not.toContain('buyer@example.test');
    expect(new FieldCrypto(app.runtime.masterKey).decrypt(payload.emailEncrypted)).toBe(
      'buyer@example.test',
    );

    const pixelUrl = `${app.url}/t/p.gif?org=${owner.orgId}&event_id=px-${Date.now()}&ad=${ads[0]!.id}&value=500`;
    for (const attempt of [1, 2]) {
      const gif = await fetch(pixelUrl);
      expect(gif.status, `pixel ${attempt}`).toBe(200);
      expect(gif.headers.get('content-type')).toBe('image/gif');
    }
    // Counted in the next batch (within a second); the repeated pixel is not counted twice.
    const withPixel = await eventually(
      () => performance(`campaign_id=${campaign.id}&group_by=ad`),
      (p) => p.data.find((row) => row.key === ads[0]!.id)!.tracked_conversions >= 3,
      5_000,
    );
    expect(withPixel.data.find((row) => row.key === ads[0]!.id)!.tracked_conversions).toBe(3);
  });

  it('counts concurrent clicks and conversions exactly once in the live counters', async () => {
    const adId = ads[1]!.id;
    const byAd = async () =>
      (await performance(`campaign_id=${campaign.id}&group_by=ad`)).data.find(
        (row) => row.key === adId,
      )!;
    const before = await byAd();
    const { code } = await json<{ code: string }>(
      await api('POST', '/api/v1/tracked-links', {
        token: marketer,
        body: { ad_id: adId, destination_url: 'https://aurora.example/burst' },
      }),
    );
    const { secret } = await json<{ secret: string }>(
      await api('POST', '/api/v1/conversion-signing-secret', { token: marketer }),
    );
    const burst = 40;
    const run = Date.now();
    const answers = await Promise.all([
      ...Array.from({ length: burst }, () =>
        fetch(`${app.url}/t/${code}`, { redirect: 'manual' }).then((r) => r.status),
      ),
      ...Array.from({ length: burst }, (_, index) => {
        const body = JSON.stringify({
          organization_id: owner.orgId,
          event_id: `burst-${run}-${index % (burst / 2)}`,
          ad_id: adId,
          value_minor: 100,
        });
        return fetch(`${app.url}/api/v1/conversions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-promptsales-signature': signConversionBody(secret, body),
          },
          body,
        }).then((r) => r.status);
      }),
    ]);
    expect(answers.slice(0, burst).every((status) => status === 302)).toBe(true);
    // Each event id was sent twice: half are recorded (201), half are duplicates (200).
    expect(answers.slice(burst).filter((status) => status === 201)).toHaveLength(burst / 2);
    expect(answers.slice(burst).filter((status) => status === 200)).toHaveLength(burst / 2);

    const counted = await eventually(
      byAd,
      (row) =>
        row.tracked_clicks >= before.tracked_clicks + burst &&
        row.tracked_conversions >= before.tracked_conversions + burst / 2,
      5_000,
    );
    // Nothing is counted twice by a later batch: whatever either buffer still holds is written
    // now (as at shutdown), before the totals are read again.
    const { clicks, conversions: counter } = adsServicesFor(app.runtime);
    await Promise.all([clicks.stop(), counter.stop()]);
    const settled = await byAd();
    expect(settled.tracked_clicks).toBe(before.tracked_clicks + burst);
    expect(settled.tracked_conversions).toBe(before.tracked_conversions + burst / 2);
    expect(settled.tracked_conversions).toBe(counted.tracked_conversions);
  });

  it('pauses and resumes an ad (REST and MCP), with role checks', async () => {
    const adId = ads[0]!.id;
    expect((await api('POST', `/api/v1/ads/${adId}/pause`, { token: analyst })).status).toBe(403);
    const paused = await api('POST', `/api/v1/ads/${adId}/pause`, { token: marketer });
    expect(paused.status).toBe(200);
    expect((await json<Ad>(paused)).status).toBe('paused');
    expect((await api('POST', `/api/v1/ads/${adId}/pause`, { token: marketer })).status).toBe(409);

    const client = new Client({ name: 'ads-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${marketer}` } },
      }),
    );
    try {
      const resumed = (await client.callTool({
        name: 'ads_resume_ad',
        arguments: { adId },
      })) as CallToolResult;
      expect(resumed.isError).toBeFalsy();
      expect(resumed.structuredContent).toMatchObject({ id: adId, status: 'active' });
      const report = (await client.callTool({
        name: 'ads_get_campaign_performance',
        arguments: { campaign: campaign.id, groupBy: 'channel' },
      })) as CallToolResult;
      expect(report.isError).toBeFalsy();
      const content = report.structuredContent as {
        rows: { channel: string; impressions: number }[];
      };
      expect(content.rows[0]).toMatchObject({ channel: 'facebook' });
      expect(content.rows[0]!.impressions).toBeGreaterThan(0);
    } finally {
      await client.close();
    }

    const analystClient = new Client({ name: 'ads-test-analyst', version: '1.0.0' });
    await analystClient.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${analyst}` } },
      }),
    );
    try {
      const refused = (await analystClient.callTool({
        name: 'ads_pause_ad',
        arguments: { adId },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
    } finally {
      await analystClient.close();
    }
  });

  it("never shows or changes one organisation's campaigns for another", async () => {
    const other = await signUp(app);
    const token = other.token;
    for (const [method, path] of [
      ['GET', `/api/v1/campaigns/${campaign.id}`],
      ['PATCH', `/api/v1/campaigns/${campaign.id}`],
      ['POST', `/api/v1/campaigns/${campaign.id}/pause`],
      ['GET', `/api/v1/ads/${ads[0]!.id}`],
      ['POST', `/api/v1/ads/${ads[0]!.id}/pause`],
      ['GET', `/api/v1/ad-sets/${adSetId}`],
    ] as const) {
      const response = await api(method, path, {
        token,
        ...(method === 'PATCH' ? { body: { name: 'x' } } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const adSet = await api('POST', '/api/v1/ad-sets', {
      token,
      body: { campaign_id: campaign.id, name: 'steal', channel: 'x', daily_budget_minor: 100 },
    });
    expect(adSet.status).toBe(400);
    expect((await json<Problem>(adSet)).errors?.map((e) => e.field)).toEqual(['body.campaign_id']);
    const link = await api('POST', '/api/v1/tracked-links', {
      token,
      body: { ad_id: ads[0]!.id, destination_url: 'https://evil.example/' },
    });
    expect(link.status).toBe(400);
    expect((await json<Problem>(link)).errors?.map((e) => e.field)).toEqual(['body.ad_id']);
    const report = await api('GET', `/api/v1/ads/performance?campaign_id=${campaign.id}`, {
      token,
    });
    expect((await json<Performance>(report)).total.impressions).toBe(0);
    const list = await json<Page<Campaign>>(await api('GET', '/api/v1/campaigns', { token }));
    expect(list.data).toEqual([]);
  });

  it('pauses a running campaign and refuses to resume a finished one', async () => {
    const paused = await api('POST', `/api/v1/campaigns/${campaign.id}/pause`, { token: marketer });
    expect(paused.status).toBe(200);
    expect((await json<Campaign>(paused)).status).toBe('paused');
    expect(
      (await api('POST', `/api/v1/campaigns/${campaign.id}/finish`, { token: marketer })).status,
    ).toBe(200);
    const resume = await api('POST', `/api/v1/campaigns/${campaign.id}/resume`, {
      token: marketer,
    });
    expect(resume.status).toBe(409);
  });

  it('creates a draft campaign from a portal plan through the facade', async () => {
    const plan = {
      brand: 'Volta Bikes',
      name: 'Plan-made campaign',
      objective: 'leads' as const,
      countries: ['CO'],
      budget: { amountMinor: 900_000, currency: 'COP' },
      startDate: inDays(3),
      endDate: inDays(20),
      adSets: [
        {
          name: 'Instagram Bogotá',
          channel: 'instagram' as const,
          dailyBudgetMinor: 40_000,
          targeting: { cities: [{ country: 'CO', city: 'Bogotá' }], languages: ['es'] },
          ads: [
            { variant: 'A', headline: 'Pedaleá', body: 'Bicis eléctricas', callToAction: 'Probar' },
            {
              variant: 'B',
              headline: 'Sin tráfico',
              body: 'Bicis eléctricas',
              callToAction: 'Probar',
            },
          ],
        },
      ],
    };
    const created = await createDraftFromPlan(app.runtime, owner.orgId, plan);
    expect(created.adIds).toHaveLength(2);
    const read = await json<Campaign & { budget: { currency: string } }>(
      await api('GET', `/api/v1/campaigns/${created.campaignId}`, { token: analyst }),
    );
    expect(read).toMatchObject({ status: 'draft', budget: { currency: 'COP' } });
    const adsOfPlan = await json<Page<Ad>>(
      await api('GET', `/api/v1/ads?campaign_id=${created.campaignId}`, { token: analyst }),
    );
    expect(adsOfPlan.data.map((ad) => ad.variant).sort()).toEqual(['A', 'B']);
    await expect(
      createDraftFromPlan(app.runtime, owner.orgId, { ...plan, endDate: inDays(1) }),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const audience = await api('POST', '/api/v1/audiences', {
      token: marketer,
      body: {
        name: 'Commuters 25–40',
        targeting: { age_min: 25, age_max: 40, countries: ['CO'], interests: ['cycling'] },
      },
    });
    expect(audience.status).toBe(201);
    const audienceId = (await json<{ id: string }>(audience)).id;
    const fromAudience = await api('POST', '/api/v1/ad-sets', {
      token: marketer,
      body: {
        campaign_id: created.campaignId,
        name: 'TikTok commuters',
        channel: 'tiktok',
        daily_budget_minor: 30_000,
        audience_id: audienceId,
      },
    });
    expect(fromAudience.status).toBe(201);
    expect(await json(fromAudience)).toMatchObject({
      audience_id: audienceId,
      targeting: { age_min: 25, age_max: 40, countries: ['CO'], interests: ['cycling'] },
    });
    const badAge = await api('POST', '/api/v1/audiences', {
      token: marketer,
      body: { name: 'x', targeting: { age_min: 50, age_max: 20 } },
    });
    expect(badAge.status).toBe(400);
  });

  it('seeds the demo organisation with campaigns and daily facts, once', async () => {
    await identityModule.seed!(app.runtime);
    const started = Date.now();
    // Two seeders at once (start-up's top-up job and `seed --scale`) write each campaign once.
    const [missingA, missingB] = await Promise.all([
      seedAdsDemo(app.runtime, 12),
      seedAdsDemo(app.runtime, 12),
    ]);
    expect([missingA, missingB]).toEqual([0, 0]);
    // The top-up job grows the history from there, in batches.
    await demoTopUpJob(app.runtime).handle(
      { target: 20 },
      {
        jobId: 'top-up',
        attempt: 0,
        retriesLeft: 0,
        log: app.runtime.log,
        signal: new AbortController().signal,
      },
    );
    const seedMs = Date.now() - started;
    expect(await seedAdsDemo(app.runtime, 20)).toBe(0);
    const analystEmail = demoAccounts.find((a) => a.role === 'analyst')!.email;
    const { access_token: token } = await logIn(app, analystEmail, demoPassword);
    const list = await json<Page<Campaign>>(
      await api('GET', '/api/v1/campaigns?limit=100', { token }),
    );
    expect(list.data).toHaveLength(20);
    expect(list.data.filter((c) => c.status === 'active')).toHaveLength(6);
    const report = await api(
      'GET',
      '/api/v1/ads/performance?from=2024-07-01&to=2026-12-31&group_by=channel',
      { token },
    );
    const body = await json<Performance>(report);
    expect(body.data.length).toBeGreaterThanOrEqual(3);
    expect(body.total.impressions).toBeGreaterThan(0);
    expect(body.total.roi).not.toBeNull();
    console.info(`ads demo seed: 20 campaigns in ${seedMs} ms`);

    const finished = list.data.find((c) => c.status === 'finished')!;
    const suggestions = await json<{
      ad_sets: {
        roi: number | null;
        current_daily_budget_minor: number;
        proposed_daily_budget_minor: number;
      }[];
    }>(
      await api(
        'GET',
        `/api/v1/campaigns/${finished.id}/budget-suggestions?from=2024-07-01&to=2026-12-31`,
        { token },
      ),
    );
    expect(suggestions.ad_sets.length).toBeGreaterThanOrEqual(2);
    expect(suggestions.ad_sets.every((s) => s.roi !== null)).toBe(true);
    const sum = (key: 'current_daily_budget_minor' | 'proposed_daily_budget_minor') =>
      suggestions.ad_sets.reduce((total, s) => total + s[key], 0);
    expect(sum('proposed_daily_budget_minor')).toBe(sum('current_daily_budget_minor'));
  });

  it('proposes a campaign for a sales goal as a draft that still needs approval', async () => {
    const body = {
      brand: 'Café Aurora',
      objective: 'sales',
      goal_revenue_minor: 5_000_000,
      currency: 'USD',
      countries: ['CR'],
      start_date: inDays(5),
      end_date: inDays(34),
    };
    expect((await api('POST', '/api/v1/campaign-proposals', { token: analyst, body })).status).toBe(
      403,
    );
    const response = await api('POST', '/api/v1/campaign-proposals', { token: marketer, body });
    expect(response.status).toBe(201);
    const proposal = await json<{
      days: number;
      total_budget_minor: number;
      channels: { channel: string; budget_minor: number; expected_revenue_minor: number }[];
      campaign_id: string;
    }>(response);
    expect(proposal.days).toBe(30);
    expect(proposal.channels.length).toBeGreaterThanOrEqual(3);
    expect(proposal.channels.reduce((s, c) => s + c.expected_revenue_minor, 0)).toBeGreaterThan(
      4_900_000,
    );
    const draft = await json<Campaign>(
      await api('GET', `/api/v1/campaigns/${proposal.campaign_id}`, { token: marketer }),
    );
    expect(draft.status).toBe('draft');
    const sets = await json<Page<{ channel: string }>>(
      await api('GET', `/api/v1/ad-sets?campaign_id=${proposal.campaign_id}`, { token: marketer }),
    );
    expect(sets.data.map((s) => s.channel).sort()).toEqual(
      proposal.channels.map((c) => c.channel).sort(),
    );
  });
});

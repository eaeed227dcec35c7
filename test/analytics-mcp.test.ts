import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { runEtl } from '../src/modules/analytics/index.js';
import { crmModule } from '../src/modules/crm/index.js';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import { approvedAdCampaign, deliverNow } from './support/ad-campaigns.js';
import { FakeOpenAiServer } from './support/fake-openai-server.js';
import { apiClient, json } from './support/http.js';
import { logIn, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type MetricValue = number | null | Record<string, number | null>;
interface ReportBody {
  rows: { dimensions: Record<string, string>; metrics: Record<string, MetricValue> }[];
  rowCount: number;
  totals: Record<string, MetricValue>;
  compare: null | { rows: unknown[]; totals: Record<string, MetricValue> };
}
interface Asked {
  understood: boolean;
  language: 'en' | 'es';
  source: 'grammar' | 'model' | null;
  answer: string;
  period?: { from: string; to: string };
  currency?: string | null;
  query?: Record<string, unknown>;
  report?: ReportBody;
  examples?: string[];
}

const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** The documented questions, each in English and Spanish. */
const documented: { en: string; es: string; expectRows: boolean }[] = [
  { en: 'sales by country last month', es: 'ventas por país el mes pasado', expectRows: false },
  {
    en: 'which channel had the best ROAS in the last 7 days',
    es: '¿qué canal tuvo el mejor ROAS en los últimos 7 días?',
    expectRows: true,
  },
  {
    en: 'top 5 campaigns by conversions this quarter',
    es: 'las 5 mejores campañas por conversiones este trimestre',
    expectRows: true,
  },
  {
    en: 'campaigns with negative sentiment where influencer reactions fell',
    es: 'campañas con sentimiento negativo donde cayeron las reacciones de influencers',
    expectRows: true,
  },
  { en: 'spend by channel yesterday', es: 'gasto por canal ayer', expectRows: true },
  { en: 'leads by campaign this year', es: 'leads por campaña este año', expectRows: true },
];

/** analytics_ask through a real MCP client: figures equal to POST /api/v1/analytics/query. */
describe('analytics over MCP', () => {
  let app: TestApp;
  let fake: FakeOpenAiServer;
  let api: ReturnType<typeof apiClient>;
  let owner: string;
  let salesAgent: string;
  let stranger: string;
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'analytics-mcp-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>) {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  }

  async function ask(client: Client, question: string): Promise<Asked> {
    const result = await call(client, 'analytics_ask', { question });
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    return result.structuredContent as unknown as Asked;
  }

  async function viaRest(token: string, query: unknown): Promise<ReportBody> {
    const response = await api('POST', '/api/v1/analytics/query', { token, body: query });
    expect(response.status, await response.clone().text()).toBe(200);
    return json<ReportBody>(response);
  }

  beforeAll(async () => {
    fake = await FakeOpenAiServer.start();
    app = await startTestApp();
    api = apiClient(app.url);
    await identityModule.seed!(app.runtime);
    await seedAdsDemo(app.runtime, 3);
    await crmModule.seed!(app.runtime);
    await runEtl(app.runtime, { trigger: 'manual' });
    const tokenOf = async (role: string) =>
      (await logIn(app, demoAccounts.find((a) => a.role === role)!.email, demoPassword))
        .access_token;
    owner = await tokenOf('owner');
    salesAgent = await tokenOf('sales_agent');
    stranger = (await signUp(app)).token;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await app?.close();
    await fake?.close();
  });

  it('lists the analytics tools, resources and prompts', async () => {
    const client = await connect(owner);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['analytics_query', 'analytics_ask']),
    );
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(
      expect.arrayContaining([
        'promptsales://analytics/catalog',
        'promptsales://analytics/questions',
      ]),
    );
    const catalog = await client.readResource({ uri: 'promptsales://analytics/catalog' });
    const content = catalog.contents[0];
    const body = JSON.parse(content && 'text' in content ? content.text : '{}') as {
      metrics: { name: string; allowed: boolean }[];
    };
    expect(body.metrics.find((metric) => metric.name === 'roas')).toMatchObject({ allowed: true });
    const { prompts } = await client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toEqual(
      expect.arrayContaining([
        'analytics_weekly_report',
        'analytics_channel_comparison',
        'analytics_geography_review',
      ]),
    );
    const weekly = await client.getPrompt({
      name: 'analytics_weekly_report',
      arguments: { language: 'es' },
    });
    const text = weekly.messages[0]?.content;
    expect(text?.type === 'text' ? text.text : '').toContain('in Spanish');
  });

  it('analytics_query returns what POST /analytics/query returns', async () => {
    const client = await connect(owner);
    const query = {
      metrics: ['impressions', 'clicks', 'spend', 'roas'],
      dimensions: ['channel'],
      dateRange: { from: daysAgo(700), to: daysAgo(0) },
      orderBy: [{ field: 'impressions', direction: 'desc' }],
    };
    const result = await call(client, 'analytics_query', query);
    expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
    const rest = await viaRest(owner, query);
    expect(result.structuredContent).toEqual(rest);
    expect(rest.rows.length).toBeGreaterThan(0);

    const bad = await call(client, 'analytics_query', {
      metrics: ['roas'],
      dimensions: ['channel'],
      dateRange: { from: '2026-01-01', to: '2026-01-31' },
      orderBy: [{ field: 'roas' }],
    });
    expect(bad.isError).toBe(true);
    expect(JSON.stringify(bad.content)).toContain('orderBy.0.currency');
  });

  for (const language of ['en', 'es'] as const) {
    it(`answers the documented questions in ${language} with the figures of analytics/query`, async () => {
      const client = await connect(owner);
      let withRows = 0;
      for (const question of documented) {
        const asked = await ask(client, question[language]);
        expect(asked, question[language]).toMatchObject({
          understood: true,
          language,
          source: 'grammar',
        });
        const rest = await viaRest(owner, asked.query);
        expect(asked.report!.rows, question[language]).toEqual(rest.rows);
        expect(asked.report!.totals).toEqual(rest.totals);
        expect(asked.report!.compare).toEqual(rest.compare);
        // The answer states the period, and for money the currency.
        expect(asked.answer).toContain(asked.period!.from);
        expect(asked.answer).toContain(asked.period!.to);
        if (asked.currency) expect(asked.answer).toContain(asked.currency);
        if (rest.rows.length > 0) withRows += 1;
        if (question.expectRows) expect(rest.rowCount, question[language]).toBeGreaterThan(0);
      }
      expect(withRows).toBeGreaterThanOrEqual(4);
    });
  }

  it('gives the same query for the same question in both languages', async () => {
    const client = await connect(owner);
    for (const question of documented) {
      const en = await ask(client, question.en);
      const es = await ask(client, question.es);
      expect(es.query, question.es).toEqual(en.query);
    }
  });

  it('states the best channel and its ROAS figure as the report has them', async () => {
    const client = await connect(owner);
    const asked = await ask(client, 'which channel had the best ROAS in the last 7 days');
    expect(asked.currency).toMatch(/^[A-Z]{3}$/);
    const first = asked.report!.rows.find(
      (row) => (row.metrics.roas as Record<string, number | null>)[asked.currency!] != null,
    );
    expect(first).toBeDefined();
    expect(asked.answer).toContain(`was ${first!.dimensions.channel}: `);
  });

  it('names campaigns in the answer', async () => {
    const client = await connect(owner);
    const asked = await ask(client, 'top 5 campaigns by conversions this quarter');
    const first = asked.report!.rows[0]!.dimensions.campaign!;
    const campaign = await api('GET', `/api/v1/campaigns/${first}`, { token: owner });
    expect(campaign.status).toBe(200);
    const { name } = await json<{ name: string }>(campaign);
    expect(asked.answer).toContain(`1. ${name}: `);
  });

  it("counts relative periods from today in the organisation's time zone", async () => {
    const client = await connect(stranger);
    const dayIn = (timeZone: string, offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone }).format(
        new Date(Date.now() + offsetDays * 86_400_000),
      );
    // UTC+14 and UTC−11: 25 hours apart, never on the same calendar day.
    const periods: string[] = [];
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const changed = await api('PATCH', '/api/v1/organization', {
        token: stranger,
        body: { time_zone: timeZone },
      });
      expect(changed.status, await changed.clone().text()).toBe(200);
      const asked = await ask(client, 'gasto ayer');
      expect(asked.period).toEqual({ from: dayIn(timeZone, -1), to: dayIn(timeZone, -1) });
      periods.push(asked.period!.from);
    }
    expect(periods[0]).not.toBe(periods[1]);
  });

  it('refuses a question outside the grammar with what it can answer, and no figure', async () => {
    const client = await connect(owner);
    for (const [question, language] of [
      ['what will the weather be tomorrow', 'en'],
      ['ventas por producto el mes pasado', 'es'],
    ] as const) {
      const asked = await ask(client, question);
      expect(asked).toMatchObject({ understood: false, language, source: null });
      expect(asked.report).toBeUndefined();
      expect(asked.examples!.length).toBeGreaterThan(3);
      expect(asked.answer).toContain(language === 'es' ? 'no doy ninguna cifra' : 'no figure');
      // No number but the examples' "7 days" and "5 campaigns".
      expect(asked.answer.replace(/"[^"]*"/g, '')).not.toMatch(/\d/);
    }
  });

  it("keeps to the caller's organisation and role", async () => {
    const strangerClient = await connect(stranger);
    const theirs = await ask(strangerClient, 'spend by channel yesterday');
    expect(theirs.understood).toBe(true);
    expect(theirs.report!.rows).toEqual([]);
    expect(theirs.answer).toContain('There are no spend figures');

    // A sales agent reads CRM figures only: ROAS is refused, sales are answered.
    const agent = await connect(salesAgent);
    const roas = await ask(agent, 'which channel had the best ROAS in the last 7 days');
    expect(roas).toMatchObject({ understood: false });
    expect(roas.answer).toContain('may not read marketing metrics');
    const sales = await ask(agent, 'leads by campaign this year');
    expect(sales.understood).toBe(true);
  });

  it("asks the organisation's language model for other questions, and validates its query", async () => {
    const settings = await api('PUT', '/api/v1/ai/settings', {
      token: owner,
      body: {
        provider: 'openai',
        base_url: fake.url,
        api_key: 'sk-analytics',
        text_model: 'gpt-4o-mini',
      },
    });
    expect(settings.status, await settings.clone().text()).toBe(200);
    const client = await connect(owner);
    const today = new Date().toISOString().slice(0, 10);
    const modelQuery = {
      metrics: ['impressions'],
      dimensions: ['country'],
      dateRange: { from: daysAgo(700), to: today },
      orderBy: [{ field: 'impressions', direction: 'desc' }],
      limit: 3,
    };
    try {
      fake.chatContent = () => JSON.stringify(modelQuery);
      const asked = await ask(client, 'How many people saw our ads in each market so far?');
      expect(asked).toMatchObject({ understood: true, source: 'model' });
      expect(asked.query).toMatchObject(modelQuery);
      const rest = await viaRest(owner, asked.query);
      expect(asked.report!.rows).toEqual(rest.rows);
      expect(rest.rows.length).toBeGreaterThan(0);
      expect(asked.answer).toContain(today);
      const request = fake.requests.at(-1)!;
      expect(JSON.stringify(request.body)).toContain('roas');

      // Grammar questions never reach the model.
      const before = fake.requests.length;
      expect((await ask(client, 'spend by channel yesterday')).source).toBe('grammar');
      expect(fake.requests.length).toBe(before);

      // A query outside the catalogue, or "unanswerable", is refused, not run.
      for (const content of [
        JSON.stringify({ metrics: ['profit'], dateRange: modelQuery.dateRange }),
        JSON.stringify({ unanswerable: true }),
        'The profit was 12 million',
      ]) {
        fake.chatContent = () => content;
        const refused = await ask(client, 'How profitable were we in each market so far?');
        expect(refused, content).toMatchObject({ understood: false, source: null });
        expect(refused.answer).not.toContain('12 million');
      }
    } finally {
      await api('DELETE', '/api/v1/ai/settings', { token: owner });
    }
  });

  it('names content assets in the answer, as it names campaigns', async () => {
    const marketer = await signUp(app);
    const uploaded = await api('POST', '/api/v1/assets', {
      token: marketer.token,
      body: {
        type: 'text',
        title: 'Volta lake-road copy',
        description: 'Launch copy for the Volta e-bike',
        body: 'Ride the lake road at dawn.',
      },
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const asset = await json<{ id: string }>(uploaded);
    for (const action of ['submit', 'approve'])
      expect(
        (
          await api('POST', `/api/v1/assets/${asset.id}/${action}`, {
            token: marketer.token,
            body: {},
          })
        ).status,
      ).toBe(200);
    const { campaignId } = await approvedAdCampaign(api, marketer.token, {
      adSet: { channel: 'facebook', targeting: { countries: ['CR'], age_min: 18, age_max: 65 } },
      ad: { content_asset_id: asset.id },
    });
    await deliverNow(app, marketer.orgId, campaignId);
    await runEtl(app.runtime, { trigger: 'manual' });
    const settings = await api('PUT', '/api/v1/ai/settings', {
      token: marketer.token,
      body: {
        provider: 'openai',
        base_url: fake.url,
        api_key: 'sk-assets',
        text_model: 'gpt-4o-mini',
      },
    });
    expect(settings.status, await settings.clone().text()).toBe(200);
    fake.chatContent = () =>
      JSON.stringify({
        metrics: ['impressions'],
        dimensions: ['asset'],
        dateRange: { from: daysAgo(7), to: daysAgo(-1) },
        limit: 5,
      });
    const asked = await ask(await connect(marketer.token), 'Which copy reached the most people?');
    expect(asked).toMatchObject({ understood: true, source: 'model' });
    expect(asked.report!.rows.map((row) => row.dimensions.asset)).toContain(asset.id);
    expect(asked.answer).toContain('Volta lake-road copy');
    expect(asked.answer).not.toContain(asset.id);
  });
});

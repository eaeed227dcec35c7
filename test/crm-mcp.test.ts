import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Lead {
  id: string;
  name: string | null;
  email: string | null;
  classification: string;
  campaignId: string | null;
}

const today = new Date().toISOString().slice(0, 10);

/** The CRM's MCP tools through the SDK's client over Streamable HTTP, with real tokens. */
describe('CRM MCP tools over Streamable HTTP', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let analyst: string;
  let stranger: SignedUp;
  const clients: Client[] = [];
  const leadIds: Record<string, string> = {};
  // The campaign Ana came from: a body may only name the organisation's own campaigns.
  let campaignId: string;

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'crm-mcp-test', version: '1.0.0' });
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

  const textOf = (result: CallToolResult) =>
    result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');

  async function lead(key: string, body: Record<string, unknown>) {
    const response = await api('POST', '/api/v1/leads', { token: owner.token, body });
    expect(response.status).toBe(201);
    leadIds[key] = (await json<{ id: string }>(response)).id;
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    analyst = await createMember(app, owner.token, 'analyst');
    stranger = await signUp(app);
    const campaign = await api('POST', '/api/v1/campaigns', {
      token: owner.token,
      body: {
        brand: 'Aurora',
        name: 'MCP source',
        objective: 'leads',
        countries: ['MX'],
        budget: { amount_minor: 1_000_000, currency: 'MXN' },
        start_date: today,
        end_date: today,
      },
    });
    expect(campaign.status).toBe(201);
    campaignId = (await json<{ id: string }>(campaign)).id;
    await lead('ana', {
      first_name: 'Ana',
      last_name: 'Rojas',
      email: 'ana.rojas@example.test',
      country: 'MX',
      campaign_id: campaignId,
      tags: ['vip'],
    });
    await lead('bruno', { first_name: 'Bruno', email: 'bruno@example.test', country: 'CO' });
    await lead('carla', { first_name: 'Carla', phone: '+52 55 1234 5678', country: 'MX' });
    const deal = await json<{ id: string }>(
      await api('POST', '/api/v1/deals', {
        token: owner.token,
        body: {
          title: 'Ana · annual plan',
          amount_minor: 129_900,
          currency: 'MXN',
          contact_id: leadIds.ana,
        },
      }),
    );
    expect((await api('POST', `/api/v1/deals/${deal.id}/win`, { token: owner.token })).status).toBe(
      200,
    );
    // Scored after the win: her country is now one of the won customers' (a fit factor).
    const scored = await api('POST', `/api/v1/contacts/${leadIds.ana}/score`, {
      token: owner.token,
    });
    expect(scored.status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await app?.close();
  });

  it('finds leads by campaign and by phone, page by page', async () => {
    const client = await connect(analyst);
    const byCampaign = await call(client, 'crm_find_leads', { campaignId });
    expect(byCampaign.isError).toBeFalsy();
    const found = byCampaign.structuredContent as { leads: Lead[]; nextCursor: string | null };
    expect(found.leads).toEqual([
      expect.objectContaining({
        id: leadIds.ana,
        name: 'Ana Rojas',
        email: 'ana.rojas@example.test',
        campaignId,
      }),
    ]);
    const byPhone = await call(client, 'crm_find_leads', { phone: '+52 (55) 1234-5678' });
    expect((byPhone.structuredContent as { leads: Lead[] }).leads.map((l) => l.id)).toEqual([
      leadIds.carla,
    ]);

    const first = (await call(client, 'crm_find_leads', { limit: 2 })).structuredContent as {
      leads: Lead[];
      nextCursor: string | null;
    };
    expect(first.leads.map((l) => l.id)).toEqual([leadIds.carla, leadIds.bruno]);
    const second = (await call(client, 'crm_find_leads', { limit: 2, cursor: first.nextCursor }))
      .structuredContent as { leads: Lead[]; nextCursor: string | null };
    expect(second).toEqual({
      leads: [expect.objectContaining({ id: leadIds.ana })],
      nextCursor: null,
    });

    const invalid = await call(client, 'crm_find_leads', { limit: 500 });
    expect(invalid.isError).toBe(true);
    expect(textOf(invalid)).toMatch(/Invalid arguments for tool crm_find_leads: .*limit/);
  });

  it('explains a lead: score with its factors, consent, interactions and deals', async () => {
    const client = await connect(analyst);
    // Event-driven rescoring may still be at work on her capture and her won deal: the score
    // settles on the won customers' profile, in which her country now counts.
    const result = await eventually(
      () => call(client, 'crm_get_lead', { lead: 'ANA.ROJAS@example.test' }),
      (answer) =>
        (answer.structuredContent as { scoring?: { factors: unknown[] } }).scoring?.factors
          .length !== 0,
    );
    expect(result.isError).toBeFalsy();
    const detail = result.structuredContent as {
      id: string;
      tags: string[];
      scoring: {
        score: number;
        model: { kind: string };
        factors: { feature: string; contribution: number; detail: string | null }[];
      };
      deals: { status: string; amountMinor: number; currency: string }[];
    };
    expect(detail.id).toBe(leadIds.ana);
    expect(detail.tags).toEqual(['vip']);
    expect(detail.scoring.model.kind).toBe('rules');
    expect(detail.scoring.score).toBeGreaterThanOrEqual(0);
    expect(detail.scoring.score).toBeLessThanOrEqual(100);
    expect(detail.scoring.factors.length).toBeGreaterThan(0);
    expect(detail.scoring.factors[0]).toMatchObject({
      feature: expect.any(String),
      contribution: expect.any(Number),
      detail: expect.stringContaining('points'),
    });
    expect(detail.deals).toEqual([
      expect.objectContaining({ status: 'won', amountMinor: 129_900, currency: 'MXN' }),
    ]);
    const byId = await call(client, 'crm_get_lead', { lead: leadIds.bruno });
    expect(byId.structuredContent).toMatchObject({
      id: leadIds.bruno,
      email: 'bruno@example.test',
    });
  });

  it('reports sales by campaign and in total over a period', async () => {
    const client = await connect(analyst);
    const byCampaign = await call(client, 'crm_get_sales', { from: today, to: today });
    expect(byCampaign.structuredContent).toEqual({
      from: today,
      to: today,
      groupBy: 'campaign',
      rows: [{ campaignId, currency: 'MXN', orders: 1, amountMinor: 129_900 }],
    });
    const lastYear = await call(client, 'crm_get_sales', {
      from: '2020-01-01',
      to: '2020-12-31',
      groupBy: 'none',
    });
    expect(lastYear.structuredContent).toMatchObject({ rows: [] });
    const backwards = await call(client, 'crm_get_sales', { from: today, to: '2020-01-01' });
    expect(backwards.isError).toBe(true);
    expect(textOf(backwards)).toContain('The period ends before it starts');
  });

  it('creates a segment for a writer; a read-only analyst neither sees nor runs the tool', async () => {
    const writer = await connect(owner.token);
    const created = await call(writer, 'crm_create_segment', {
      name: 'MCP · Mexico',
      rules: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'MX' }] },
    });
    expect(created.isError).toBeFalsy();
    const summary = created.structuredContent as { id: string; memberCount: number };
    expect(summary).toMatchObject({ name: 'MCP · Mexico', memberCount: 2 });

    const reader = await connect(analyst);
    const { tools } = await reader.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(['crm_find_leads', 'crm_get_lead', 'crm_get_sales']),
    );
    expect(names).not.toContain('crm_create_segment');
    const refused = await call(reader, 'crm_create_segment', {
      name: 'Nope',
      rules: { match: 'all', conditions: [{ field: 'country', op: 'eq', value: 'CO' }] },
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('needs the permission crm:write');
    const counted = await call(reader, 'crm_get_segment_count', { segmentId: summary.id });
    expect(counted.structuredContent).toMatchObject({ id: summary.id, memberCount: 2 });
    const segments = await api('GET', '/api/v1/segments', { token: owner.token });
    expect((await json<{ data: { name: string }[] }>(segments)).data.map((s) => s.name)).toEqual([
      'MCP · Mexico',
    ]);
  });

  it("shows another organisation's caller none of this organisation's data", async () => {
    const client = await connect(stranger.token);
    const leads = await call(client, 'crm_find_leads', {});
    expect(leads.structuredContent).toEqual({ leads: [], nextCursor: null });
    const byEmail = await call(client, 'crm_find_leads', { email: 'ana.rojas@example.test' });
    expect(byEmail.structuredContent).toEqual({ leads: [], nextCursor: null });
    for (const lead of [leadIds.ana!, 'ana.rojas@example.test']) {
      const detail = await call(client, 'crm_get_lead', { lead });
      expect(detail.isError).toBe(true);
      expect(textOf(detail)).toContain('not_found');
    }
    const sales = await call(client, 'crm_get_sales', { from: today, to: today });
    expect(sales.structuredContent).toMatchObject({ rows: [] });
    const segment = await call(client, 'crm_create_segment', {
      name: 'Everyone',
      rules: { match: 'all', conditions: [{ field: 'country', op: 'exists', value: true }] },
    });
    expect(segment.structuredContent).toMatchObject({ memberCount: 0 });
  });
});

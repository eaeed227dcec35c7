import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBody } from './support/campaign-request-body.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Subscription {
  plan_id: string;
  status: string;
  seats: number;
  access: string;
  cancel_at_period_end: boolean;
  past_due_since: string | null;
  checkout: { completed: boolean; url: string } | null;
}
interface Invoice {
  id: string;
  status: string;
  total: number;
  lines: { description: string; amount: number; kind: string }[];
}
interface QuotaProblem extends Problem {
  quota: string;
  limit: number;
  usage: number;
  upgrade: { plan: string; limit: number } | null;
}

/** Billing over HTTP with the simulated gateway; grace period 0, so past due is read-only at once. */
describe('billing', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp({
      env: { BILLING_GRACE_DAYS: '0', BILLING_SIMULATED_LATENCY_MS: '5' },
    });
    api = apiClient(app.url);
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    await app?.close();
  });

  const put = async (owner: SignedUp, body: Record<string, unknown>) =>
    api('PUT', '/api/v1/billing/subscription', { token: owner.token, body });
  const subscribe = async (planId: string) => {
    const owner = await signUp(app);
    const response = await put(owner, { plan_id: planId, payment_method: 'pm_card_visa' });
    expect(response.status).toBe(200);
    return owner;
  };
  const invoices = async (owner: SignedUp) =>
    (
      await json<Page<Invoice>>(
        await api('GET', '/api/v1/billing/invoices', { token: owner.token }),
      )
    ).data;

  it('lists the plans publicly: three tiers per sub-platform and the bundle, USD and EUR', async () => {
    const response = await api('GET', '/api/v1/billing/plans');
    expect(response.status).toBe(200);
    const body = await json<{
      catalogue_version: string;
      data: {
        id: string;
        prices: { month: { USD: number; EUR: number }; year: { USD: number } };
      }[];
    }>(response);
    expect(body.data.map((plan) => plan.id)).toEqual(
      expect.arrayContaining([
        'promptcontent-starter',
        'promptads-growth',
        'promptcrm-enterprise',
        'promptsales-growth',
      ]),
    );
    expect(body.data).toHaveLength(12);
    const growth = body.data.find((plan) => plan.id === 'promptsales-growth')!;
    expect(growth.prices.month).toEqual({ USD: 29_900, EUR: 27_700 });
    expect(growth.prices.year.USD).toBe(299_000);
  });

  it('starts every organisation on a trial of the bundle; only owners and admins see it, only owners change it', async () => {
    const owner = await signUp(app);
    const trial = await json<Subscription>(
      await api('GET', '/api/v1/billing/subscription', { token: owner.token }),
    );
    expect(trial).toMatchObject({
      plan_id: 'promptsales-enterprise',
      status: 'trialing',
      access: 'full',
    });
    const admin = await createMember(app, owner.token, 'admin');
    const marketer = await createMember(app, owner.token, 'marketer');
    expect((await api('GET', '/api/v1/billing/subscription', { token: admin })).status).toBe(200);
    expect((await api('GET', '/api/v1/billing/subscription', { token: marketer })).status).toBe(
      403,
    );
    const refused = await api('PUT', '/api/v1/billing/subscription', {
      token: admin,
      body: { plan_id: 'promptsales-growth' },
    });
    expect(refused.status).toBe(403);
    const bad = await put(owner, { plan_id: 'promptsales-platinum', payment_method: 'visa 4242' });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors!.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.plan_id', 'body.payment_method']),
    );
  });

  it('subscribes through the simulated gateway; a declined card leaves the trial as it was', async () => {
    const declined = await signUp(app);
    const refused = await put(declined, {
      plan_id: 'promptsales-starter',
      payment_method: 'pm_card_chargeDeclined',
    });
    expect(refused.status).toBe(402);
    expect((await json<Problem>(refused)).code).toBe('payment_required');
    const still = await json<Subscription>(
      await api('GET', '/api/v1/billing/subscription', { token: declined.token }),
    );
    expect(still.status).toBe('trialing');

    const owner = await signUp(app);
    const response = await put(owner, {
      plan_id: 'promptsales-starter',
      payment_method: 'pm_card_visa',
    });
    const subscribed = await json<Subscription>(response);
    expect(subscribed).toMatchObject({
      plan_id: 'promptsales-starter',
      status: 'active',
      seats: 5,
    });
    expect(subscribed.checkout?.completed).toBe(true);
    const [invoice] = await invoices(owner);
    expect(invoice).toMatchObject({ status: 'paid', total: 8_900 });
    // The audit log is written in batches.
    await eventually(
      async () =>
        json<Page<{ action: string }>>(
          await api('GET', '/api/v1/audit-log', { token: owner.token }),
        ),
      (audit) => audit.data.some((entry) => entry.action === 'billing.subscription_changed'),
    );
  });

  it('upgrades with proration: the unused time credited, the rest of the new plan charged', async () => {
    const owner = await subscribe('promptsales-starter');
    const upgraded = await json<Subscription>(await put(owner, { plan_id: 'promptsales-growth' }));
    expect(upgraded).toMatchObject({ plan_id: 'promptsales-growth', status: 'active' });
    const [proration] = await invoices(owner);
    expect(proration!.status).toBe('paid');
    expect(proration!.lines.map((line) => line.kind)).toEqual(['proration', 'proration']);
    const [credit, charge] = proration!.lines;
    // Moments after subscribing, nearly the whole period remains on both sides.
    expect(credit!.amount).toBeLessThanOrEqual(-8_890);
    expect(charge!.amount).toBeGreaterThanOrEqual(29_870);
    expect(proration!.total).toBe(credit!.amount + charge!.amount);

    const cancelled = await json<Subscription>(await put(owner, { cancel_at_period_end: true }));
    expect(cancelled.cancel_at_period_end).toBe(true);
    const resumed = await json<Subscription>(await put(owner, { cancel_at_period_end: false }));
    expect(resumed.cancel_at_period_end).toBe(false);
  });

  it('answers 402 on the campaign request outside the plan or past it, naming the upgrade', async () => {
    const crmOnly = await subscribe('promptcrm-starter');
    const outside = await api('POST', '/api/v1/campaign-requests', {
      token: crmOnly.token,
      body: requestBody(),
    });
    expect(outside.status).toBe(402);
    const problem = await json<QuotaProblem & { feature: string }>(outside);
    expect(problem).toMatchObject({ code: 'feature_not_in_plan', feature: 'campaign_requests' });
    expect(problem.upgrade?.plan).toBe('promptads-starter');

    const ads = await subscribe('promptads-starter');
    for (let i = 0; i < 20; i++) {
      const accepted = await api('POST', '/api/v1/campaign-requests', {
        token: ads.token,
        body: requestBody(),
      });
      expect(accepted.status).toBe(202);
    }
    const over = await api('POST', '/api/v1/campaign-requests', {
      token: ads.token,
      body: requestBody(),
    });
    expect(over.status).toBe(402);
    expect(await json<QuotaProblem>(over)).toMatchObject({
      quota: 'campaign_requests',
      limit: 20,
      usage: 20,
      upgrade: { plan: 'promptads-growth', limit: 500 },
    });
    const usage = await json<{ data: { quota: string; used: number; limit: number }[] }>(
      await api('GET', '/api/v1/billing/usage', { token: ads.token }),
    );
    expect(usage.data.find((row) => row.quota === 'campaign_requests')).toMatchObject({
      used: 20,
      limit: 20,
    });
  });

  it('answers 402 on AI generation and contact import outside the plan or past it', async () => {
    const crm = await subscribe('promptcrm-starter');
    const text = await api('POST', '/api/v1/ai/text', {
      token: crm.token,
      body: { messages: [{ role: 'user', content: 'A slogan for cold brew' }] },
    });
    expect(text.status).toBe(402);
    expect(await json<QuotaProblem>(text)).toMatchObject({ quota: 'ai_generations', limit: 0 });

    const rows = Array.from({ length: 1_001 }, (_, i) => `lead${i}@import.example`);
    const tooMany = await api('POST', '/api/v1/contact-imports', {
      token: crm.token,
      body: { csv: ['email', ...rows].join('\n') },
    });
    expect(tooMany.status).toBe(402);
    expect(await json<QuotaProblem>(tooMany)).toMatchObject({
      quota: 'crm_contacts',
      limit: 1_000,
      upgrade: { plan: 'promptcrm-growth' },
    });
    const fits = await api('POST', '/api/v1/contact-imports', {
      token: crm.token,
      body: { csv: ['email', ...rows.slice(0, 10)].join('\n') },
    });
    expect(fits.status).toBe(202);

    const content = await subscribe('promptcontent-starter');
    const contact = await api('POST', '/api/v1/contacts', {
      token: content.token,
      body: { email: 'ana@quota.example' },
    });
    expect(contact.status).toBe(402);
    expect(await json<QuotaProblem>(contact)).toMatchObject({
      code: 'feature_not_in_plan',
      feature: 'crm',
      upgrade: { plan: 'promptcrm-starter' },
    });
  });

  it('refuses an invitation when every seat is taken, until a seat is bought', async () => {
    const owner = await subscribe('promptads-starter');
    await createMember(app, owner.token, 'marketer');
    await createMember(app, owner.token, 'analyst');
    const invite = () =>
      api('POST', '/api/v1/invitations', {
        token: owner.token,
        body: { email: `fourth-${Date.now()}@seats.example`, role: 'marketer' },
      });
    const refused = await invite();
    expect(refused.status).toBe(402);
    expect(await json<QuotaProblem>(refused)).toMatchObject({ quota: 'seats', limit: 3, usage: 3 });
    const tooFew = await put(owner, { seats: 2 });
    expect(tooFew.status).toBe(409);
    const more = await json<Subscription>(await put(owner, { seats: 4 }));
    expect(more.seats).toBe(4);
    expect((await invoices(owner))[0]!.total).toBeGreaterThan(800);
    expect((await invite()).status).toBe(201);
  });

  it('makes a past-due organisation read-only after the grace period, and paying restores it', async () => {
    const owner = await subscribe('promptsales-starter');
    expect((await put(owner, { payment_method: 'pm_card_chargeDeclined' })).status).toBe(200);
    const failed = await json<Subscription>(await put(owner, { plan_id: 'promptsales-growth' }));
    expect(failed).toMatchObject({ status: 'past_due', access: 'read_only' });
    expect((await invoices(owner))[0]!.status).toBe('open');

    const write = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'blocked@past-due.example' },
    });
    expect(write.status).toBe(402);
    expect((await json<Problem>(write)).code).toBe('subscription_past_due');
    expect((await api('GET', '/api/v1/contacts', { token: owner.token })).status).toBe(200);

    const paid = await json<Subscription>(await put(owner, { payment_method: 'pm_card_visa' }));
    expect(paid).toMatchObject({ status: 'active', access: 'full', past_due_since: null });
    expect((await invoices(owner)).every((invoice) => invoice.status === 'paid')).toBe(true);
    const again = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'welcome-back@past-due.example' },
    });
    expect(again.status).toBe(201);
  });

  it("keeps each organisation's billing to itself", async () => {
    const a = await subscribe('promptsales-starter');
    const b = await signUp(app);
    const [invoiceA] = await invoices(a);
    expect(invoiceA).toBeDefined();
    expect(await invoices(b)).toEqual([]);
    const subscriptionB = await json<Subscription>(
      await api('GET', '/api/v1/billing/subscription', { token: b.token }),
    );
    expect(subscriptionB.status).toBe('trialing');
  });

  it('offers billing_list_plans and billing_get_usage over MCP', async () => {
    const owner = await subscribe('promptads-starter');
    const client = new Client({ name: 'billing-mcp-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${owner.token}` } },
      }),
    );
    clients.push(client);
    const textOf = (result: CallToolResult) =>
      result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const plans = (await client.callTool({
      name: 'billing_list_plans',
      arguments: {},
    })) as CallToolResult;
    expect(plans.isError).toBeFalsy();
    expect(textOf(plans)).toContain('promptsales-growth');
    const usage = (await client.callTool({
      name: 'billing_get_usage',
      arguments: {},
    })) as CallToolResult;
    expect(usage.isError).toBeFalsy();
    const parsed = JSON.parse(textOf(usage)) as {
      planId: string;
      usage: { quota: string; limit: number; periodStart: string }[];
    };
    expect(parsed.planId).toBe('promptads-starter');
    expect(parsed.usage.find((row) => row.quota === 'campaign_requests')?.limit).toBe(20);
  });
});

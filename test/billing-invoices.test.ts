import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Invoice {
  id: string;
  status: string;
  total: number;
  currency: string;
  lines: { description: string; amount: number; kind: string }[];
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
}

/** Checkout, portal and invoices with the simulated gateway (no Stripe key: the embedded default). */
describe('billing checkout and invoices (simulated gateway)', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  const publicUrl = 'https://app.promptsales.test';

  beforeAll(async () => {
    app = await startTestApp({
      env: { BILLING_SIMULATED_LATENCY_MS: '5', PUBLIC_URL: publicUrl },
    });
    api = apiClient(app.url);
  });
  afterAll(async () => {
    await app?.close();
  });

  const checkout = (owner: SignedUp | string, body: Record<string, unknown>) =>
    api('POST', '/api/v1/billing/checkout-sessions', {
      token: typeof owner === 'string' ? owner : owner.token,
      body,
    });
  const invoices = async (owner: SignedUp, query = '') =>
    json<Page<Invoice>>(
      await api('GET', `/api/v1/billing/invoices${query}`, { token: owner.token }),
    );

  it('completes a checkout at once, paid with the test card unless told to decline', async () => {
    const owner = await signUp(app);
    const declined = await checkout(owner, {
      plan_id: 'promptsales-starter',
      interval: 'month',
      currency: 'EUR',
      payment_method: 'pm_card_chargeDeclined',
    });
    expect(declined.status).toBe(402);
    expect((await json<Problem>(declined)).code).toBe('payment_required');

    const response = await checkout(owner, {
      plan_id: 'promptsales-starter',
      interval: 'month',
      currency: 'EUR',
    });
    expect(response.status).toBe(201);
    const session = await json<{ url: string; completed: boolean }>(response);
    expect(session.completed).toBe(true);
    expect(session.url.startsWith(`${publicUrl}/billing?checkout=success`)).toBe(true);
    const subscription = await json<{ status: string; currency: string; gateway: string }>(
      await api('GET', '/api/v1/billing/subscription', { token: owner.token }),
    );
    expect(subscription).toMatchObject({ status: 'active', currency: 'EUR', gateway: 'simulated' });
    expect((await invoices(owner)).data[0]).toMatchObject({
      status: 'paid',
      total: 8_200,
      hosted_invoice_url: null,
    });

    const twice = await checkout(owner, {
      plan_id: 'promptsales-growth',
      interval: 'month',
      currency: 'EUR',
    });
    expect(twice.status).toBe(409);
  });

  it('refuses a checkout from anyone but the owner, and a malformed one', async () => {
    const owner = await signUp(app);
    const admin = await createMember(app, owner.token, 'admin');
    const body = { plan_id: 'promptads-starter', interval: 'month', currency: 'USD' };
    expect((await checkout(admin, body)).status).toBe(403);
    expect((await api('POST', '/api/v1/billing/checkout-sessions', { body })).status).toBe(401);
    const bad = await checkout(owner, {
      plan_id: 'promptads-platinum',
      interval: 'week',
      currency: 'GBP',
    });
    expect(bad.status).toBe(400);
    expect((await json<Problem>(bad)).errors!.map((e) => e.field)).toEqual(
      expect.arrayContaining(['body.plan_id', 'body.interval', 'body.currency']),
    );
    const subscription = await json<{ status: string }>(
      await api('GET', '/api/v1/billing/subscription', { token: owner.token }),
    );
    expect(subscription.status).toBe('trialing');
  });

  it('shows one invoice with its proration lines, and prints it in the reader’s language', async () => {
    const owner = await signUp(app);
    expect(
      (
        await checkout(owner, {
          plan_id: 'promptsales-starter',
          interval: 'month',
          currency: 'EUR',
        })
      ).status,
    ).toBe(201);
    const upgraded = await api('PUT', '/api/v1/billing/subscription', {
      token: owner.token,
      body: { plan_id: 'promptsales-growth' },
    });
    expect(upgraded.status).toBe(200);
    const page = await invoices(owner, '?limit=1');
    expect(page.data).toHaveLength(1);
    expect(page.has_more).toBe(true);
    const [proration] = page.data;
    const one = await json<Invoice>(
      await api('GET', `/api/v1/billing/invoices/${proration!.id}`, { token: owner.token }),
    );
    expect(one.lines.map((line) => line.kind)).toEqual(['proration', 'proration']);
    expect(one.total).toBe(one.lines[0]!.amount + one.lines[1]!.amount);

    const spanish = await api('GET', `/api/v1/billing/invoices/${one.id}/document?locale=es`, {
      token: owner.token,
    });
    expect(spanish.status).toBe(200);
    expect(spanish.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await spanish.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Factura');
    expect(html).toContain('(prorrateo)');
    expect(html).toContain('Unused time on PromptSales Starter');
    // Money as Spanish writes it: decimal comma, euro sign after.
    expect(html).toMatch(/-\d{2},\d{2}\u00a0€/);
    const english = await api('GET', `/api/v1/billing/invoices/${one.id}/document`, {
      token: owner.token,
      headers: { 'accept-language': 'en-US,en;q=0.8' },
    });
    expect(await english.text()).toMatch(/Invoice[\s\S]*-€\d{2}\.\d{2}/);
  });

  it("keeps each organisation's invoices to itself", async () => {
    const a = await signUp(app);
    const b = await signUp(app);
    await checkout(a, { plan_id: 'promptcrm-starter', interval: 'month', currency: 'USD' });
    const [invoiceA] = (await invoices(a)).data;
    expect(invoiceA).toBeDefined();
    expect((await invoices(b)).data).toEqual([]);
    for (const path of [
      `/api/v1/billing/invoices/${invoiceA!.id}`,
      `/api/v1/billing/invoices/${invoiceA!.id}/document`,
    ]) {
      expect((await api('GET', path, { token: b.token })).status).toBe(404);
      expect((await api('GET', path, { token: a.token })).status).toBe(200);
    }
    const marketer = await createMember(app, a.token, 'marketer');
    expect(
      (await api('GET', `/api/v1/billing/invoices/${invoiceA!.id}`, { token: marketer })).status,
    ).toBe(403);
    expect(
      (await api('GET', '/api/v1/billing/invoices/not-a-uuid', { token: a.token })).status,
    ).toBe(400);
  });

  it('sends the owner back to the billing page for the portal, and has no Stripe webhook', async () => {
    const owner = await signUp(app);
    const portal = await api('POST', '/api/v1/billing/portal-sessions', { token: owner.token });
    expect(portal.status).toBe(201);
    expect((await json<{ url: string }>(portal)).url).toBe(`${publicUrl}/billing?portal=simulated`);
    const webhook = await fetch(`${app.url}/api/v1/billing/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: '{}',
    });
    expect(webhook.status).toBe(404);
    expect(webhook.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

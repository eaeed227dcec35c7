import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renewalJob } from '../src/modules/billing/application/renewal.job.js';
import { demoPassword, identityModule } from '../src/modules/identity/index.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, logIn, signUp, type SignedUp } from './support/identity.js';
import { StripeServer } from './support/stripe-server.js';
import {
  createTestDatabase,
  startTestApp,
  type TestApp,
  type TestDatabase,
} from './support/test-app.js';

interface Subscription {
  plan_id: string;
  status: string;
  seats: number;
  access: string;
  gateway: string | null;
  past_due_since: string | null;
}
interface Invoice {
  id: string;
  status: string;
  total: number;
  currency: string;
  lines: { description: string; amount: number; kind: string }[];
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
}

/**
 * Billing through the Stripe adapter (the official SDK) against a Stripe-shaped server on
 * loopback: checkout, webhooks (signature, replay, any order), proration, past due and paid
 * again, tenant isolation. Grace period 0: past due is read-only at once.
 */
describe('billing with Stripe', () => {
  let app: TestApp;
  let stripe: StripeServer;
  let api: ReturnType<typeof apiClient>;
  const publicUrl = 'https://app.promptsales.test';

  beforeAll(async () => {
    stripe = await StripeServer.start();
    app = await startTestApp({
      env: {
        BILLING_GRACE_DAYS: '0',
        PUBLIC_URL: publicUrl,
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        STRIPE_API_BASE: stripe.url,
      },
    });
    stripe.webhookUrl = `${app.url}/api/v1/billing/webhooks/stripe`;
    api = apiClient(app.url);
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const subscription = async (owner: SignedUp) =>
    json<Subscription>(await api('GET', '/api/v1/billing/subscription', { token: owner.token }));
  const invoices = async (owner: SignedUp) =>
    (
      await json<Page<Invoice>>(
        await api('GET', '/api/v1/billing/invoices', { token: owner.token }),
      )
    ).data;
  const checkout = async (owner: SignedUp, body: Record<string, unknown>) =>
    api('POST', '/api/v1/billing/checkout-sessions', { token: owner.token, body });
  const sessionIdOf = (url: string) => url.split('/').at(-1)!;

  /** An organisation subscribed through Stripe Checkout, the webhooks applied. */
  const subscribed = async (planId: string) => {
    const owner = await signUp(app);
    const started = await json<{ url: string }>(
      await checkout(owner, { plan_id: planId, interval: 'month', currency: 'USD' }),
    );
    const paid = await stripe.completeCheckout(sessionIdOf(started.url));
    await eventually(
      () => subscription(owner),
      (s) => s.status === 'active' && s.plan_id === planId,
    );
    return { owner, ...paid };
  };

  it('subscribes through Stripe Checkout: the hosted page first, the subscription once Stripe confirms it', async () => {
    const owner = await signUp(app);
    // Stripe is briefly rate limited: the SDK retries, with the same idempotency key.
    stripe.failNext(
      'POST',
      /^\/v1\/customers$/,
      429,
      { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' },
      { 'retry-after': '1', 'stripe-should-retry': 'true' },
    );
    const response = await checkout(owner, {
      plan_id: 'promptsales-growth',
      interval: 'month',
      currency: 'EUR',
      seats: 22,
    });
    expect(response.status).toBe(201);
    const started = await json<{ url: string; completed: boolean }>(response);
    expect(started.completed).toBe(false);
    expect(started.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    const customerCalls = stripe.requests.filter((r) => r.path === '/v1/customers');
    expect(customerCalls.length).toBeGreaterThanOrEqual(2);
    expect(new Set(customerCalls.slice(-2).map((r) => r.idempotencyKey))).toEqual(
      new Set([`customer-${owner.orgId}`]),
    );
    const session = stripe.requests.findLast((r) => r.path === '/v1/checkout/sessions')!;
    expect(session.body).toMatchObject({
      mode: 'subscription',
      client_reference_id: owner.orgId,
      success_url: `${publicUrl}/billing?checkout=success`,
      cancel_url: `${publicUrl}/billing?checkout=canceled`,
      subscription_data: { metadata: { org_id: owner.orgId } },
    });
    // The plan and the two seats beyond the 20 it includes, priced from the catalogue.
    const lineItems = session.body.line_items as { price: string; quantity: string }[];
    expect(lineItems.map((item) => item.quantity)).toEqual(['1', '2']);
    const created = stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/prices');
    expect(created.map((r) => r.body.lookup_key)).toEqual(
      expect.arrayContaining([
        'ps_2026-12-01_promptsales-growth_base_month_eur',
        'ps_2026-12-01_promptsales-growth_seat_month_eur',
      ]),
    );
    expect(
      created.find((r) => String(r.body.lookup_key).includes('base_month_eur'))!.body,
    ).toMatchObject({ currency: 'eur', unit_amount: '27700', recurring: { interval: 'month' } });

    // Nothing is active until Stripe says so.
    expect((await subscription(owner)).status).toBe('trialing');
    await stripe.completeCheckout(sessionIdOf(started.url));
    const active = await eventually(
      () => subscription(owner),
      (s) => s.status === 'active',
    );
    expect(active).toMatchObject({ plan_id: 'promptsales-growth', seats: 22, gateway: 'stripe' });
    const [invoice] = await invoices(owner);
    expect(invoice).toMatchObject({ status: 'paid', currency: 'EUR', total: 27_700 + 2 * 1_400 });
    expect(invoice!.hosted_invoice_url).toMatch(/^https:\/\/invoice\.stripe\.com\//);
    expect(invoice!.invoice_pdf).toMatch(/\/pdf$/);

    // A second checkout while subscribed is refused; changes go through PUT.
    const again = await checkout(owner, {
      plan_id: 'promptsales-starter',
      interval: 'month',
      currency: 'EUR',
    });
    expect(again.status).toBe(409);
  });

  it('rejects a webhook with a bad or missing signature, and ignores a replayed one', async () => {
    const { owner, events } = await subscribed('promptsales-starter');
    expect(stripe.deliveries.filter((d) => d.status !== 200)).toEqual([]);
    const paid = events[3]!;
    expect(paid.type).toBe('invoice.paid');
    // The same event signed with another secret, or signed an hour ago: refused.
    const failed = { ...paid, id: 'evt_forged', type: 'invoice.payment_failed' };
    const payload = JSON.stringify(failed);
    const bad = await stripe.deliver(
      failed,
      stripe.sign(payload, undefined, 'whsec_not_the_secret'),
    );
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as Problem).code).toBe('validation_failed');
    const stale = await stripe.deliver(
      failed,
      stripe.sign(payload, Math.floor(Date.now() / 1000) - 3_600),
    );
    expect(stale.status).toBe(400);
    const unsigned = await fetch(stripe.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await subscription(owner)).status).toBe('active');

    // Stripe delivers an event again (it does, at least once): applied once only.
    const replayed = await stripe.deliver(paid);
    expect(replayed).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const created = await stripe.deliver(events[1]!);
    expect(created.body).toEqual({ received: true, duplicate: true });
    expect(await invoices(owner)).toHaveLength(1);
  });

  it('applies the events in any order: the checkout delivered backwards ends active', async () => {
    const owner = await signUp(app);
    const started = await json<{ url: string }>(
      await checkout(owner, { plan_id: 'promptcrm-growth', interval: 'year', currency: 'USD' }),
    );
    const { events } = await stripe.completeCheckout(sessionIdOf(started.url), {
      order: 'reversed',
    });
    const active = await eventually(
      () => subscription(owner),
      (s) => s.status === 'active',
    );
    expect(active.plan_id).toBe('promptcrm-growth');
    expect((await invoices(owner)).map((i) => i.status)).toEqual(['paid']);
    // An older subscription state delivered late never rolls a newer one back.
    const older = stripe.event(
      'customer.subscription.updated',
      {
        ...(events[1]!.data as { object: Record<string, unknown> }).object,
        status: 'past_due',
      },
      (events[1]!.created as number) - 60,
    );
    expect((await stripe.deliver(older)).status).toBe(200);
    expect((await subscription(owner)).status).toBe('active');
  });

  it('upgrades with proration: Stripe credits the unused time and charges the rest at once', async () => {
    const { owner } = await subscribed('promptsales-starter');
    const response = await api('PUT', '/api/v1/billing/subscription', {
      token: owner.token,
      body: { plan_id: 'promptsales-growth' },
    });
    expect(response.status).toBe(200);
    const update = stripe.requests.findLast(
      (r) => r.method === 'POST' && r.path.startsWith('/v1/subscriptions/'),
    )!;
    expect(update.body).toMatchObject({ proration_behavior: 'always_invoice' });
    const upgraded = await eventually(
      () => subscription(owner),
      (s) => s.plan_id === 'promptsales-growth',
    );
    expect(upgraded.status).toBe('active');
    const [proration] = await eventually(
      () => invoices(owner),
      // invoice.finalized lists it open; invoice.paid follows.
      (list) => list.length === 2 && list[0]!.status === 'paid',
    );
    expect(proration!.lines.map((line) => line.kind)).toEqual(['proration', 'proration']);
    const [credit, charge] = proration!.lines;
    expect(credit!.amount).toBeLessThanOrEqual(-8_890);
    expect(credit!.amount).toBeGreaterThanOrEqual(-8_900);
    expect(charge!.amount).toBeGreaterThanOrEqual(29_870);
    expect(proration!.total).toBe(credit!.amount + charge!.amount);
  });

  it('turns read-only on invoice.payment_failed and back on invoice.paid', async () => {
    const { owner, subscriptionId } = await subscribed('promptsales-starter');
    const { invoiceId } = await stripe.renewWithFailedPayment(subscriptionId);
    const pastDue = await eventually(
      () => subscription(owner),
      (s) => s.status === 'past_due',
    );
    expect(pastDue.access).toBe('read_only');
    const blocked = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'blocked@stripe-past-due.example' },
    });
    expect(blocked.status).toBe(402);
    expect((await json<Problem>(blocked)).code).toBe('subscription_past_due');
    expect((await invoices(owner))[0]!.status).toBe('open');

    await stripe.payInvoice(invoiceId);
    const paid = await eventually(
      () => subscription(owner),
      (s) => s.status === 'active',
    );
    expect(paid).toMatchObject({ access: 'full', past_due_since: null });
    expect((await invoices(owner)).every((invoice) => invoice.status === 'paid')).toBe(true);
    const again = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'back@stripe-past-due.example' },
    });
    expect(again.status).toBe(201);
  });

  it('pays the open invoice with another payment method; a declined one is a 402', async () => {
    const { owner, subscriptionId } = await subscribed('promptads-starter');
    const { invoiceId } = await stripe.renewWithFailedPayment(subscriptionId);
    await eventually(
      () => subscription(owner),
      (s) => s.status === 'past_due',
    );
    const pay = (paymentMethod: string) =>
      api('PUT', '/api/v1/billing/subscription', {
        token: owner.token,
        body: { payment_method: paymentMethod },
      });
    const declined = await pay('pm_card_chargeDeclined');
    expect(declined.status).toBe(402);
    expect(await json<Problem & { decline_code: string }>(declined)).toMatchObject({
      code: 'payment_required',
      decline_code: 'generic_decline',
    });
    expect((await subscription(owner)).status).toBe('past_due');

    expect((await pay('pm_card_visa')).status).toBe(200);
    const attempt = stripe.requests.findLast((r) => r.path === `/v1/invoices/${invoiceId}/pay`)!;
    expect(attempt.body).toEqual({ payment_method: 'pm_card_visa' });
    const paid = await eventually(
      () => subscription(owner),
      (s) => s.status === 'active',
    );
    expect(paid.access).toBe('full');
  });

  it('catches up on a renewal whose webhooks were lost, by asking Stripe once the period has ended', async () => {
    const { owner, subscriptionId } = await subscribed('promptads-starter');
    const renewed = stripe.renewWithoutWebhooks(subscriptionId);
    const before = await json<Subscription & { current_period_end: string }>(
      await api('GET', '/api/v1/billing/subscription', { token: owner.token }),
    );
    expect(Date.parse(before.current_period_end)).toBeLessThan(renewed.periodEnd * 1000);
    // The platform's copy of the period has ended, and no webhook said Stripe renewed it.
    await app.runtime.database.query(
      sql`update billing.subscriptions set current_period_end = now() - interval '1 minute' where org_id = ${owner.orgId}`,
    );
    const asked = stripe.requests.length;
    await app.runtime.jobs.send(renewalJob(app.runtime), {});
    const caughtUp = await eventually(
      async () =>
        json<Subscription & { current_period_start: string; current_period_end: string }>(
          await api('GET', '/api/v1/billing/subscription', { token: owner.token }),
        ),
      (s) => Date.parse(s.current_period_end) === renewed.periodEnd * 1000,
    );
    expect(caughtUp).toMatchObject({
      status: 'active',
      access: 'full',
      plan_id: 'promptads-starter',
    });
    expect(Date.parse(caughtUp.current_period_start)).toBe(renewed.periodStart * 1000);
    const fetched = stripe.requests.slice(asked).map((r) => `${r.method} ${r.path}`);
    expect(fetched.some((r) => r.startsWith(`GET /v1/subscriptions/${subscriptionId}`))).toBe(true);
  });

  it('leaves the demo organisation on its trial: no demo customer at Stripe', async () => {
    const asked = stripe.requests.length;
    await identityModule.seed?.(app.runtime);
    await identityModule.seed?.(app.runtime);
    const owner = await logIn(app, 'owner@demo.promptsales.dev', demoPassword);
    const demo = await json<Subscription>(
      await api('GET', '/api/v1/billing/subscription', { token: owner.access_token }),
    );
    expect(demo).toMatchObject({
      plan_id: 'promptsales-enterprise',
      status: 'trialing',
      gateway: null,
    });
    expect(stripe.requests.slice(asked)).toEqual([]);
  });

  it('opens the customer portal for owners only', async () => {
    const { owner } = await subscribed('promptads-starter');
    const portal = await api('POST', '/api/v1/billing/portal-sessions', { token: owner.token });
    expect(portal.status).toBe(201);
    expect((await json<{ url: string }>(portal)).url).toMatch(
      /^https:\/\/billing\.stripe\.com\/p\/session\//,
    );
    const request = stripe.requests.findLast((r) => r.path === '/v1/billing_portal/sessions')!;
    expect(request.body.return_url).toBe(`${publicUrl}/billing`);
    const admin = await createMember(app, owner.token, 'admin');
    expect((await api('POST', '/api/v1/billing/portal-sessions', { token: admin })).status).toBe(
      403,
    );
  });

  it("keeps each organisation's Stripe events and invoices to itself", async () => {
    const a = await subscribed('promptsales-starter');
    const b = await subscribed('promptads-starter');
    const [invoiceA] = await invoices(a.owner);
    // B cannot read A's invoice, nor its document.
    for (const path of [
      `/api/v1/billing/invoices/${invoiceA!.id}`,
      `/api/v1/billing/invoices/${invoiceA!.id}/document`,
    ])
      expect((await api('GET', path, { token: b.owner.token })).status).toBe(404);
    // A failure of B's renewal makes B past due, and A stays as it was.
    await stripe.renewWithFailedPayment(b.subscriptionId);
    await eventually(
      () => subscription(b.owner),
      (s) => s.status === 'past_due',
    );
    expect((await subscription(a.owner)).status).toBe('active');
    expect(await invoices(a.owner)).toHaveLength(1);
    // An event about a customer no organisation has is accepted and changes nothing.
    const invoice = (a.events[3]!.data as { object: Record<string, unknown> }).object;
    const stranger = stripe.event('invoice.payment_failed', {
      ...invoice,
      id: 'in_stranger',
      customer: 'cus_stranger',
      status: 'open',
    });
    expect((await stripe.deliver(stranger)).body).toEqual({ received: true, duplicate: false });
    expect((await subscription(a.owner)).status).toBe('active');
    expect(await invoices(a.owner)).toHaveLength(1);
  });
});

/**
 * A deployment that ran on the simulated gateway and is then given a Stripe key: subscriptions
 * made through the simulated gateway run to their period end, then end, and the organisation
 * subscribes again through Stripe Checkout.
 */
describe('billing moving from the simulated gateway to Stripe', () => {
  let database: TestDatabase;
  let stripe: StripeServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    stripe = await StripeServer.start();
  });
  afterAll(async () => {
    await stripe?.close();
    await database?.drop();
  });

  it('ends the simulated subscription at its period end, and subscribes again through Stripe', async () => {
    const simulated = await startTestApp({
      database,
      env: { BILLING_SIMULATED_LATENCY_MS: '5' },
    });
    let owner: SignedUp;
    // Another organisation that does nothing until its period ends.
    let idle: SignedUp;
    try {
      owner = await signUp(simulated);
      idle = await signUp(simulated);
      for (const org of [owner, idle]) {
        const subscribed = await apiClient(simulated.url)('PUT', '/api/v1/billing/subscription', {
          token: org.token,
          body: { plan_id: 'promptsales-starter', payment_method: 'pm_card_visa' },
        });
        expect(subscribed.status).toBe(200);
      }
    } finally {
      await simulated.close();
    }

    const app = await startTestApp({
      database,
      env: {
        STRIPE_SECRET_KEY: stripe.secretKey,
        STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
        STRIPE_API_BASE: stripe.url,
      },
    });
    try {
      stripe.webhookUrl = `${app.url}/api/v1/billing/webhooks/stripe`;
      const api = apiClient(app.url);
      const current = async (org = owner) =>
        json<Subscription>(await api('GET', '/api/v1/billing/subscription', { token: org.token }));
      // Still the simulated subscription: a change is a Stripe checkout, not a call with its ids.
      expect(await current()).toMatchObject({ status: 'active', gateway: 'simulated' });
      const change = await api('PUT', '/api/v1/billing/subscription', {
        token: owner.token,
        body: { plan_id: 'promptsales-growth' },
      });
      expect(change.status).toBe(200);
      const changed = await json<Subscription & { checkout: { url: string; completed: boolean } }>(
        change,
      );
      expect(changed.checkout.completed).toBe(false);
      expect(changed.checkout.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);

      // Its period ends: the renewal job ends it instead of asking Stripe about it.
      await app.runtime.database.query(
        sql`update billing.subscriptions set current_period_end = now() - interval '1 minute' where org_id in (${owner.orgId}, ${idle.orgId})`,
      );
      await app.runtime.jobs.send(renewalJob(app.runtime), {});
      await eventually(current, (s) => s.status === 'past_due');
      const idleEnded = await eventually(
        () => current(idle),
        (s) => s.status === 'past_due',
      );
      expect(idleEnded.gateway).toBeNull();
      expect(stripe.requests.filter((r) => r.path.includes('sub_sim_'))).toEqual([]);

      await stripe.completeCheckout(changed.checkout.url.split('/').at(-1)!);
      const active = await eventually(current, (s) => s.status === 'active');
      expect((await current(idle)).status).toBe('past_due');
      expect(active).toMatchObject({ plan_id: 'promptsales-growth', gateway: 'stripe' });
    } finally {
      await app.close();
    }
  });
});

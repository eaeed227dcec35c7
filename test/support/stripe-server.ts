import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of Stripe's API the billing adapter uses, in
 * Stripe's documented shapes: form-encoded requests (`items[0][price]=…`), JSON objects with
 * `object` and prefixed ids (`cus_`, `price_`, `cs_test_`, `sub_`, `si_`, `in_`, `il_`, `evt_`),
 * `list` objects (`data`, `has_more`, `url`), error bodies `{error: {type, code, message}}`, and
 * the API version of the current SDK (periods on subscription items, invoice `parent`s).
 *
 * Like Stripe, it sends webhooks: signed `Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "t.payload")`
 * and POSTed to `webhookUrl`. Tests play the customer's side (completing a hosted checkout) and
 * the passage of time (a renewal whose charge fails) through its helpers.
 */

type Json = Record<string, unknown>;

export interface RecordedStripeRequest {
  method: string;
  path: string;
  body: Json;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

interface ScriptedFailure {
  method: string;
  path: RegExp;
  status: number;
  headers: Record<string, string>;
  error: Json;
}

interface Price {
  id: string;
  object: 'price';
  active: boolean;
  currency: string;
  unit_amount: number;
  recurring: { interval: 'month' | 'year'; interval_count: 1; usage_type: 'licensed' };
  lookup_key: string | null;
  product: string;
  type: 'recurring';
  livemode: false;
  created: number;
  metadata: Json;
}

interface Customer {
  id: string;
  object: 'customer';
  created: number;
  metadata: Json;
  invoice_settings: { default_payment_method: string | null };
  livemode: false;
}

interface Session {
  id: string;
  object: 'checkout.session';
  mode: string;
  customer: string;
  client_reference_id: string | null;
  line_items: { price: string; quantity: number }[];
  subscription_metadata: Json;
  metadata: Json;
  success_url: string;
  cancel_url: string | null;
  status: 'open' | 'complete';
  payment_status: 'unpaid' | 'paid';
  subscription: string | null;
  url: string;
  created: number;
}

interface Item {
  id: string;
  price: string;
  quantity: number;
}

interface Subscription {
  id: string;
  customer: string;
  status: 'active' | 'past_due' | 'canceled';
  items: Item[];
  periodStart: number;
  periodEnd: number;
  cancel_at_period_end: boolean;
  default_payment_method: string | null;
  metadata: Json;
  created: number;
  latest_invoice: string | null;
}

interface Line {
  id: string;
  amount: number;
  description: string;
  period: { start: number; end: number };
  proration: boolean;
  price: string;
  subscriptionItem: string;
  quantity: number;
}

interface Invoice {
  id: string;
  customer: string;
  subscription: string;
  currency: string;
  status: 'open' | 'paid';
  lines: Line[];
  created: number;
  paidAt: number | null;
  billing_reason: string;
}

const declining = /chargeDeclined/;
const day = 86_400;

/** `a[b][0][c]=v` pairs as the nested object they encode (numeric keys become arrays). */
export function parseStripeForm(encoded: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Json = root;
    path.forEach((segment, index) => {
      if (index === path.length - 1) node[segment] = value;
      else node = (node[segment] ??= {}) as Json;
    });
  }
  const arrays = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Json).map(([k, v]) => [k, arrays(v)] as const);
    if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k)))
      return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
    return Object.fromEntries(entries);
  };
  return arrays(root) as Json;
}

export class StripeServer {
  readonly requests: RecordedStripeRequest[] = [];
  /** The webhook signing secret (`whsec_…`) the platform is configured with. */
  readonly webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  readonly secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  /** Where webhooks go: the platform's `/api/v1/billing/webhooks/stripe`. */
  webhookUrl = '';
  url = '';
  /** Webhooks sent so far, with the platform's answer. */
  readonly deliveries: { type: string; id: string; status: number }[] = [];

  private readonly customers = new Map<string, Customer>();
  private readonly prices = new Map<string, Price>();
  private readonly sessions = new Map<string, Session>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly invoices = new Map<string, Invoice>();
  private readonly failures: ScriptedFailure[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private sequence = 0;

  private constructor() {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<StripeServer> {
    const server = new StripeServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return server;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next request matching answers this error instead (e.g. a 429 the SDK must retry). */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    error: Json,
    headers: Record<string, string> = {},
  ): void {
    this.failures.push({ method, path, status, headers, error });
  }

  /** Stripe's signature header for a payload, as Stripe computes it. */
  sign(payload: string, timestamp = Math.floor(Date.now() / 1000), secret = this.webhookSecret) {
    const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
    return `t=${timestamp},v1=${signature}`;
  }

  /** An event object as Stripe sends it. */
  event(type: string, object: Json, created = this.now()): Json {
    return {
      id: this.id('evt'),
      object: 'event',
      api_version: '2026-11-18.endive',
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  /** POSTs a signed event to the platform, as Stripe's webhook delivery does. */
  async deliver(event: Json, signature?: string): Promise<{ status: number; body: Json }> {
    const payload = JSON.stringify(event, null, 2);
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': signature ?? this.sign(payload),
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      },
      body: payload,
    });
    const body = (await response.json()) as Json;
    this.deliveries.push({
      type: String(event.type),
      id: String(event.id),
      status: response.status,
    });
    return { status: response.status, body };
  }

  /**
   * The customer pays on the hosted Checkout page: the subscription starts, its first invoice is
   * paid (or fails with a declining card), and Stripe's webhooks go out — in `order`.
   */
  async completeCheckout(
    sessionId: string,
    options: { paymentMethod?: string; order?: 'stripe' | 'reversed' } = {},
  ): Promise<{ subscriptionId: string; invoiceId: string; events: Json[] }> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no checkout session ${sessionId}`);
    const now = this.now();
    const first = this.prices.get(session.line_items[0]!.price)!;
    const subscription: Subscription = {
      id: this.id('sub'),
      customer: session.customer,
      status: 'active',
      items: session.line_items.map((line) => ({ id: this.id('si'), ...line })),
      periodStart: now,
      periodEnd: now + (first.recurring.interval === 'month' ? 30 : 365) * day,
      cancel_at_period_end: false,
      default_payment_method: options.paymentMethod ?? 'pm_card_visa',
      metadata: session.subscription_metadata,
      created: now,
      latest_invoice: null,
    };
    this.subscriptions.set(subscription.id, subscription);
    const invoice = this.invoiceFor(
      subscription,
      'subscription_create',
      this.fullLines(subscription),
    );
    const paid = this.charge(subscription, invoice);
    Object.assign(session, {
      status: 'complete',
      payment_status: paid ? 'paid' : 'unpaid',
      subscription: subscription.id,
    });
    const events = [
      this.event('checkout.session.completed', this.sessionJson(session), now),
      this.event('customer.subscription.created', this.subscriptionJson(subscription), now),
      this.event('invoice.finalized', this.invoiceJson(invoice), now),
      this.event(paid ? 'invoice.paid' : 'invoice.payment_failed', this.invoiceJson(invoice), now),
    ];
    for (const event of options.order === 'reversed' ? [...events].reverse() : events)
      await this.deliver(event);
    return { subscriptionId: subscription.id, invoiceId: invoice.id, events };
  }

  /**
   * The period ends and Stripe charges the next one: with a declining card the invoice stays
   * open. Only `invoice.payment_failed` is sent, so the platform must act on it alone.
   */
  async renewWithFailedPayment(subscriptionId: string): Promise<{ invoiceId: string }> {
    const subscription = this.subscriptions.get(subscriptionId)!;
    const length = subscription.periodEnd - subscription.periodStart;
    subscription.periodStart = subscription.periodEnd;
    subscription.periodEnd += length;
    subscription.default_payment_method = 'pm_card_chargeDeclined';
    const invoice = this.invoiceFor(
      subscription,
      'subscription_cycle',
      this.fullLines(subscription),
    );
    this.charge(subscription, invoice);
    await this.deliver(this.event('invoice.payment_failed', this.invoiceJson(invoice)));
    return { invoiceId: invoice.id };
  }

  /**
   * The period ends and Stripe charges the next one successfully, but every webhook about it is
   * lost: only asking Stripe for the subscription tells the platform. Returns the new period.
   */
  renewWithoutWebhooks(subscriptionId: string): { periodStart: number; periodEnd: number } {
    const subscription = this.subscriptions.get(subscriptionId)!;
    const length = subscription.periodEnd - subscription.periodStart;
    subscription.periodStart = subscription.periodEnd;
    subscription.periodEnd += length;
    const invoice = this.invoiceFor(
      subscription,
      'subscription_cycle',
      this.fullLines(subscription),
    );
    this.charge(subscription, invoice);
    return { periodStart: subscription.periodStart, periodEnd: subscription.periodEnd };
  }

  /** The customer pays the open invoice (e.g. from the hosted invoice page): `invoice.paid`. */
  async payInvoice(invoiceId: string): Promise<void> {
    const invoice = this.invoices.get(invoiceId)!;
    const subscription = this.subscriptions.get(invoice.subscription)!;
    subscription.default_payment_method = 'pm_card_visa';
    this.charge(subscription, invoice);
    await this.deliver(this.event('invoice.paid', this.invoiceJson(invoice)));
  }

  subscriptionJson(subscription: Subscription): Json {
    return {
      id: subscription.id,
      object: 'subscription',
      billing_cycle_anchor: subscription.periodStart,
      cancel_at_period_end: subscription.cancel_at_period_end,
      created: subscription.created,
      currency: this.prices.get(subscription.items[0]!.price)!.currency,
      customer: subscription.customer,
      default_payment_method: subscription.default_payment_method,
      items: {
        object: 'list',
        data: subscription.items.map((item) => ({
          id: item.id,
          object: 'subscription_item',
          created: subscription.created,
          current_period_start: subscription.periodStart,
          current_period_end: subscription.periodEnd,
          metadata: {},
          price: this.prices.get(item.price),
          quantity: item.quantity,
          subscription: subscription.id,
        })),
        has_more: false,
        total_count: subscription.items.length,
        url: `/v1/subscription_items?subscription=${subscription.id}`,
      },
      latest_invoice: subscription.latest_invoice,
      livemode: false,
      metadata: subscription.metadata,
      start_date: subscription.created,
      status: subscription.status,
    };
  }

  invoiceJson(invoice: Invoice): Json {
    const total = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
    const subscription = this.subscriptions.get(invoice.subscription)!;
    return {
      id: invoice.id,
      object: 'invoice',
      amount_due: Math.max(0, total),
      amount_paid: invoice.status === 'paid' ? Math.max(0, total) : 0,
      amount_remaining: invoice.status === 'paid' ? 0 : Math.max(0, total),
      attempt_count: 1,
      billing_reason: invoice.billing_reason,
      created: invoice.created,
      currency: invoice.currency,
      customer: invoice.customer,
      hosted_invoice_url: `https://invoice.stripe.com/i/acct_test/${invoice.id}`,
      invoice_pdf: `https://pay.stripe.com/invoice/acct_test/${invoice.id}/pdf`,
      lines: {
        object: 'list',
        data: invoice.lines.map((line) => ({
          id: line.id,
          object: 'line_item',
          amount: line.amount,
          currency: invoice.currency,
          description: line.description,
          invoice: invoice.id,
          livemode: false,
          metadata: {},
          parent: {
            type: 'subscription_item_details',
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: line.proration,
              proration_details: { credited_items: null },
              subscription: invoice.subscription,
              subscription_item: line.subscriptionItem,
            },
          },
          period: line.period,
          pricing: {
            type: 'price_details',
            price_details: { price: line.price, product: this.prices.get(line.price)?.product },
            unit_amount_decimal: String(line.amount / line.quantity),
          },
          quantity: line.quantity,
        })),
        has_more: false,
        total_count: invoice.lines.length,
        url: `/v1/invoices/${invoice.id}/lines`,
      },
      livemode: false,
      number: `TEST-${invoice.id.slice(-6).toUpperCase()}`,
      parent: {
        type: 'subscription_details',
        quote_details: null,
        subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
      },
      period_start: invoice.created,
      period_end: invoice.created,
      status: invoice.status,
      status_transitions: {
        finalized_at: invoice.created,
        paid_at: invoice.paidAt,
        marked_uncollectible_at: null,
        voided_at: null,
      },
      subtotal: total,
      total,
    };
  }

  private now() {
    return Math.floor(Date.now() / 1000);
  }

  private id(prefix: string) {
    this.sequence += 1;
    return `${prefix}_${randomBytes(9).toString('hex')}${this.sequence}`;
  }

  private sessionJson(session: Session): Json {
    const { line_items: _lines, subscription_metadata: _metadata, ...rest } = session;
    return { ...rest, livemode: false };
  }

  private fullLines(subscription: Subscription): Line[] {
    return subscription.items.map((item) => {
      const price = this.prices.get(item.price)!;
      return {
        id: this.id('il'),
        amount: price.unit_amount * item.quantity,
        description: `${item.quantity} × ${this.productNames.get(price.product)} (at ${price.unit_amount / 100} / ${price.recurring.interval})`,
        period: { start: subscription.periodStart, end: subscription.periodEnd },
        proration: false,
        price: price.id,
        subscriptionItem: item.id,
        quantity: item.quantity,
      };
    });
  }

  private readonly productNames = new Map<string, string>();

  private invoiceFor(subscription: Subscription, reason: string, lines: Line[]): Invoice {
    const invoice: Invoice = {
      id: this.id('in'),
      customer: subscription.customer,
      subscription: subscription.id,
      currency: this.prices.get(subscription.items[0]!.price)!.currency,
      status: 'open',
      lines,
      created: this.now(),
      paidAt: null,
      billing_reason: reason,
    };
    this.invoices.set(invoice.id, invoice);
    subscription.latest_invoice = invoice.id;
    return invoice;
  }

  /** Charges the invoice to the subscription's card: paid, or open and the subscription past due. */
  private charge(subscription: Subscription, invoice: Invoice, card?: string): boolean {
    const method = card ?? subscription.default_payment_method ?? '';
    const total = invoice.lines.reduce((sum, line) => sum + line.amount, 0);
    const paid = total <= 0 || (method !== '' && !declining.test(method));
    if (paid) {
      invoice.status = 'paid';
      invoice.paidAt = this.now();
    }
    subscription.status = paid ? 'active' : 'past_due';
    return paid;
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? 'GET';
    const body =
      method === 'GET' || method === 'DELETE'
        ? parseStripeForm(url.search.slice(1))
        : parseStripeForm(Buffer.concat(chunks).toString('utf8'));
    this.requests.push({
      method,
      path: url.pathname,
      body,
      idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      authorization: request.headers.authorization,
    });
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'request-id': `req_${randomBytes(7).toString('hex')}`,
        'stripe-version': '2026-11-18.endive',
        ...headers,
      });
      response.end(JSON.stringify(json));
    };
    const error = (status: number, type: string, code: string, message: string, extra: Json = {}) =>
      send(status, { error: { type, code, message, ...extra } });

    if (request.headers.authorization !== `Bearer ${this.secretKey}`)
      return error(401, 'invalid_request_error', 'api_key_invalid', 'Invalid API Key provided');
    const failure = this.failures.findIndex(
      (f) => f.method === method && f.path.test(url.pathname),
    );
    if (failure >= 0) {
      const [scripted] = this.failures.splice(failure, 1);
      return send(scripted!.status, { error: scripted!.error }, scripted!.headers);
    }
    try {
      const answer = this.route(method, url.pathname, body);
      if (answer === undefined)
        return error(
          404,
          'invalid_request_error',
          'resource_missing',
          `Unrecognized request URL (${method}: ${url.pathname})`,
        );
      send(200, answer);
    } catch (failed) {
      const problem = failed as {
        status?: number;
        code?: string;
        type?: string;
        message: string;
        param?: string;
        decline_code?: string;
      };
      error(
        problem.status ?? 400,
        problem.type ?? 'invalid_request_error',
        problem.code ?? 'parameter_invalid',
        problem.message,
        {
          ...(problem.param ? { param: problem.param } : {}),
          ...(problem.decline_code ? { decline_code: problem.decline_code } : {}),
        },
      );
    }
  }

  /** The answer to a request, or undefined for an unknown URL; throws Stripe-shaped errors. */
  private route(method: string, path: string, body: Json): unknown {
    const missing = (param: string) =>
      Object.assign(new Error(`Missing required param: ${param}.`), {
        code: 'parameter_missing',
        param,
      });
    const noSuch = (kind: string, id: string) =>
      Object.assign(new Error(`No such ${kind}: '${id}'`), {
        status: 404,
        code: 'resource_missing',
        param: 'id',
      });
    let match: RegExpExecArray | null;

    if (method === 'POST' && path === '/v1/customers') {
      const customer: Customer = {
        id: this.id('cus'),
        object: 'customer',
        created: this.now(),
        metadata: (body.metadata as Json) ?? {},
        invoice_settings: { default_payment_method: null },
        livemode: false,
      };
      this.customers.set(customer.id, customer);
      return customer;
    }
    if (method === 'POST' && (match = /^\/v1\/customers\/([^/]+)$/.exec(path))) {
      const customer = this.customers.get(match[1]!);
      if (!customer) throw noSuch('customer', match[1]!);
      const settings = body.invoice_settings as Json | undefined;
      if (settings?.default_payment_method)
        customer.invoice_settings.default_payment_method = String(settings.default_payment_method);
      return customer;
    }
    if (method === 'GET' && path === '/v1/prices') {
      const keys = (body.lookup_keys as string[] | undefined) ?? [];
      const data = [...this.prices.values()].filter(
        (price) => price.lookup_key !== null && keys.includes(price.lookup_key) && price.active,
      );
      return { object: 'list', data, has_more: false, url: '/v1/prices' };
    }
    if (method === 'POST' && path === '/v1/prices') {
      for (const param of ['currency', 'unit_amount', 'recurring'])
        if (body[param] === undefined) throw missing(param);
      const productName = (body.product_data as Json | undefined)?.name;
      if (!productName && !body.product) throw missing('product');
      const product = (body.product as string | undefined) ?? this.id('prod');
      if (productName) this.productNames.set(product, String(productName));
      const lookupKey = (body.lookup_key as string | undefined) ?? null;
      if (lookupKey && [...this.prices.values()].some((price) => price.lookup_key === lookupKey))
        throw Object.assign(new Error(`A price (\`${lookupKey}\`) already uses that lookup key.`), {
          code: 'lookup_key_exists',
          param: 'lookup_key',
        });
      const price: Price = {
        id: this.id('price'),
        object: 'price',
        active: true,
        currency: String(body.currency),
        unit_amount: Number(body.unit_amount),
        recurring: {
          interval: (body.recurring as Json).interval as 'month' | 'year',
          interval_count: 1,
          usage_type: 'licensed',
        },
        lookup_key: lookupKey,
        product,
        type: 'recurring',
        livemode: false,
        created: this.now(),
        metadata: {},
      };
      this.prices.set(price.id, price);
      return price;
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      for (const param of ['mode', 'success_url', 'line_items'])
        if (body[param] === undefined) throw missing(param);
      const customer = String(body.customer ?? '');
      if (!this.customers.has(customer)) throw noSuch('customer', customer);
      const lines = (body.line_items as Json[]).map((line) => {
        if (!this.prices.has(String(line.price))) throw noSuch('price', String(line.price));
        return { price: String(line.price), quantity: Number(line.quantity ?? 1) };
      });
      const id = this.id('cs_test');
      const session: Session = {
        id,
        object: 'checkout.session',
        mode: String(body.mode),
        customer,
        client_reference_id: (body.client_reference_id as string | undefined) ?? null,
        line_items: lines,
        subscription_metadata:
          ((body.subscription_data as Json | undefined)?.metadata as Json) ?? {},
        metadata: (body.metadata as Json) ?? {},
        success_url: String(body.success_url),
        cancel_url: (body.cancel_url as string | undefined) ?? null,
        status: 'open',
        payment_status: 'unpaid',
        subscription: null,
        url: `https://checkout.stripe.com/c/pay/${id}`,
        created: this.now(),
      };
      this.sessions.set(id, session);
      return this.sessionJson(session);
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!body.customer) throw missing('customer');
      if (!this.customers.has(String(body.customer)))
        throw noSuch('customer', String(body.customer));
      return {
        id: this.id('bps'),
        object: 'billing_portal.session',
        customer: body.customer,
        return_url: body.return_url ?? null,
        url: `https://billing.stripe.com/p/session/test_${randomBytes(8).toString('hex')}`,
        livemode: false,
        created: this.now(),
      };
    }
    if ((match = /^\/v1\/subscriptions\/([^/]+)$/.exec(path))) {
      const subscription = this.subscriptions.get(match[1]!);
      if (!subscription) throw noSuch('subscription', match[1]!);
      if (method === 'GET') return this.subscriptionJson(subscription);
      if (method === 'POST') return this.updateSubscription(subscription, body);
    }
    if (method === 'POST' && (match = /^\/v1\/invoices\/([^/]+)\/pay$/.exec(path))) {
      const invoice = this.invoices.get(match[1]!);
      if (!invoice) throw noSuch('invoice', match[1]!);
      const subscription = this.subscriptions.get(invoice.subscription)!;
      if (!this.charge(subscription, invoice, body.payment_method as string | undefined))
        throw Object.assign(new Error('Your card was declined.'), {
          status: 402,
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
        });
      this.later([
        this.event('invoice.paid', this.invoiceJson(invoice)),
        this.event('customer.subscription.updated', this.subscriptionJson(subscription)),
      ]);
      return this.invoiceJson(invoice);
    }
    return undefined;
  }

  /**
   * An update as Stripe makes it: items replaced, and with `always_invoice` the unused time of
   * the old items credited and the remaining time of the new charged on an invoice at once (a
   * new interval starts a new period, charged in full).
   */
  private updateSubscription(subscription: Subscription, body: Json): Json {
    if (body.cancel_at_period_end !== undefined)
      subscription.cancel_at_period_end = body.cancel_at_period_end === 'true';
    const changes = body.items as Json[] | undefined;
    const events: Json[] = [];
    if (changes) {
      const now = this.now();
      const before = subscription.items;
      const removed = new Set(changes.filter((c) => c.deleted === 'true').map((c) => String(c.id)));
      const added = changes
        .filter((c) => c.price !== undefined)
        .map((c) => {
          if (!this.prices.has(String(c.price)))
            throw Object.assign(new Error(`No such price: '${String(c.price)}'`), {
              status: 404,
              code: 'resource_missing',
            });
          return { id: this.id('si'), price: String(c.price), quantity: Number(c.quantity ?? 1) };
        });
      const kept = before.filter((item) => !removed.has(item.id));
      const oldInterval = this.prices.get(before[0]!.price)!.recurring.interval;
      const after = [...kept, ...added];
      const newInterval = this.prices.get(after[0]!.price)!.recurring.interval;
      const fraction =
        (subscription.periodEnd - now) / (subscription.periodEnd - subscription.periodStart);
      const line = (
        item: Item,
        sign: 1 | -1,
        proration: boolean,
        period: { start: number; end: number },
        text: string,
      ): Line => {
        const price = this.prices.get(item.price)!;
        const full = price.unit_amount * item.quantity;
        return {
          id: this.id('il'),
          amount: sign * (proration ? Math.round(full * fraction) : full),
          description: `${text} ${item.quantity} × ${this.productNames.get(price.product)}`,
          period,
          proration,
          price: price.id,
          subscriptionItem: item.id,
          quantity: item.quantity,
        };
      };
      const rest = { start: now, end: subscription.periodEnd };
      const lines = before
        .filter((item) => removed.has(item.id))
        .map((item) => line(item, -1, true, rest, 'Unused time on'));
      subscription.items = after;
      if (newInterval !== oldInterval) {
        subscription.periodStart = now;
        subscription.periodEnd = now + (newInterval === 'month' ? 30 : 365) * day;
        lines.push(
          ...after.map((item) =>
            line(item, 1, false, { start: now, end: subscription.periodEnd }, ''),
          ),
        );
      } else {
        lines.push(...added.map((item) => line(item, 1, true, rest, 'Remaining time on')));
      }
      if (body.proration_behavior === 'always_invoice') {
        const invoice = this.invoiceFor(subscription, 'subscription_update', lines);
        const paid = this.charge(subscription, invoice);
        events.push(this.event('invoice.finalized', this.invoiceJson(invoice)));
        events.push(
          this.event(paid ? 'invoice.paid' : 'invoice.payment_failed', this.invoiceJson(invoice)),
        );
      }
    }
    const json = this.subscriptionJson(subscription);
    this.later([this.event('customer.subscription.updated', json), ...events]);
    return json;
  }

  /** Webhooks go out after the API answers, as Stripe sends them. */
  private later(events: Json[]): void {
    setImmediate(() => {
      void (async () => {
        for (const event of events) await this.deliver(event);
      })();
    });
  }
}

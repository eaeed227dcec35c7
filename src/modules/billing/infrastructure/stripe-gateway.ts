import Stripe from 'stripe';
import type { StripeConfig } from '../../../platform/config/config.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { findPlan, type Currency, type Interval } from '../domain/catalogue.js';
import { itemsFor, lookupKeyOf, priceDefinition, type PriceKey } from '../domain/stripe-prices.js';
import type { GatewayEvent, PaymentGateway } from '../application/payment-gateway.js';
import { idOf, invoiceOf, subscriptionStateOf } from './stripe-objects.js';

export interface StripeGatewayOptions {
  config: StripeConfig;
  /** The organisation whose gateway customer this is (webhooks name customers, not tenants). */
  orgOfCustomer: (customerId: string) => Promise<string | undefined>;
  /** Where polled state goes (renewal): the same handler the webhook route calls. */
  emit: (event: GatewayEvent) => Promise<void>;
}

/**
 * Stripe's errors as the platform's: a declined card is the customer's to fix (402), Stripe
 * unreachable or refusing after the SDK's retries is a dependency down (503); anything else (a
 * bad key, a bad request) is a fault of this deployment and stays a 500.
 */
function translate(error: unknown): never {
  if (error instanceof Stripe.errors.StripeCardError)
    throw new AppError('payment_required', error.message, {
      decline_code: error.decline_code || error.code,
    });
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  )
    throw new AppError('dependency_unavailable', `Stripe is unavailable: ${error.message}`, {
      retryAfterSeconds: 30,
    });
  throw error;
}

/**
 * Requests to Stripe, retried as the SDK does (connection errors, 409, 5xx, and a 429 that Stripe
 * marks `Stripe-Should-Retry`), each within this time.
 */
const timeoutMs = 20_000;
const maxNetworkRetries = 2;

/**
 * The Stripe gateway, through the official SDK: customers, hosted Checkout (card data is entered
 * on Stripe's page only: PCI SAQ-A), subscriptions with proration invoiced at once, invoices, the
 * customer portal, and webhooks verified by their Stripe-Signature. Prices are found by lookup
 * key and created from the catalogue the first time they are needed.
 */
export function stripeGateway(options: StripeGatewayOptions): PaymentGateway {
  const base = options.config.apiBase;
  const stripe = new Stripe(options.config.secretKey, {
    maxNetworkRetries,
    timeout: timeoutMs,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
    appInfo: { name: 'PromptSales' },
  });
  const guarded = <T>(call: () => Promise<T>): Promise<T> => call().catch(translate);
  const priceIds = new Map<string, Promise<string>>();

  /** The price of a catalogue entry, created (with its product) when Stripe has none yet. */
  const priceId = (key: PriceKey): Promise<string> => {
    const lookupKey = lookupKeyOf(key);
    let id = priceIds.get(lookupKey);
    if (!id) {
      id = (async () => {
        const found = await stripe.prices.list({
          lookup_keys: [lookupKey],
          active: true,
          limit: 1,
        });
        if (found.data[0]) return found.data[0].id;
        const definition = priceDefinition(findPlan(key.planId)!, key);
        const created = await stripe.prices.create(
          {
            currency: key.currency.toLowerCase(),
            unit_amount: definition.unitAmount,
            recurring: { interval: key.interval },
            lookup_key: lookupKey,
            product_data: { name: definition.productName },
          },
          // Two processes creating the same price at once get the same one.
          { idempotencyKey: `price-${lookupKey}` },
        );
        return created.id;
      })();
      priceIds.set(lookupKey, id);
      // A failed look-up is tried again next time.
      id.catch(() => priceIds.delete(lookupKey));
    }
    return id;
  };

  const lineItems = async (planId: string, interval: Interval, currency: Currency, seats: number) =>
    Promise.all(
      itemsFor(findPlan(planId)!, interval, currency, seats).map(async (item) => ({
        price: await priceId(item.key),
        quantity: item.quantity,
      })),
    );

  const secondsToIso = (seconds: number) => new Date(seconds * 1000).toISOString();

  const verify = (rawBody: Buffer, signature: string | undefined): Stripe.Event => {
    const secret = options.config.webhookSecret;
    if (!secret)
      throw new AppError('not_found', 'STRIPE_WEBHOOK_SECRET is not set: Stripe webhooks are off');
    if (!signature)
      throw AppError.validation('Missing Stripe-Signature header', [
        { field: 'headers.stripe-signature', message: 'is required' },
      ]);
    try {
      return stripe.webhooks.constructEvent(rawBody, signature, secret);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid';
      throw AppError.validation('The Stripe-Signature does not match the payload', [
        { field: 'headers.stripe-signature', message: reason.slice(0, 200) },
      ]);
    }
  };

  /** Subscriptions of this customer only: a webhook cannot act on another organisation. */
  const orgOf = async (customer: string | { id: string } | null) => {
    const customerId = idOf(customer);
    return customerId ? options.orgOfCustomer(customerId) : undefined;
  };

  return {
    kind: 'stripe',

    createCustomer({ orgId }) {
      return guarded(async () => {
        const customer = await stripe.customers.create(
          { metadata: { org_id: orgId } },
          { idempotencyKey: `customer-${orgId}` },
        );
        return { customerId: customer.id };
      });
    },

    createCheckoutSession(input) {
      return guarded(async () => {
        const session = await stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: input.customerId,
          client_reference_id: input.orgId,
          line_items: await lineItems(input.planId, input.interval, input.currency, input.seats),
          subscription_data: { metadata: { org_id: input.orgId } },
          metadata: { org_id: input.orgId },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        });
        if (!session.url)
          throw new Error(`Stripe returned checkout session ${session.id} without url`);
        return { id: session.id, url: session.url, completed: false };
      });
    },

    updateSubscription({ subscription: ref, planId, interval, seats }) {
      return guarded(async () => {
        const current = await stripe.subscriptions.retrieve(ref.subscriptionId);
        const items = await lineItems(planId, interval, ref.currency, seats);
        await stripe.subscriptions.update(ref.subscriptionId, {
          // The old items replaced by the new: Stripe prorates both and invoices the difference now.
          items: [...current.items.data.map((item) => ({ id: item.id, deleted: true })), ...items],
          proration_behavior: 'always_invoice',
          payment_behavior: 'allow_incomplete',
        });
      });
    },

    cancelAtPeriodEnd(ref) {
      return guarded(async () => {
        await stripe.subscriptions.update(ref.subscriptionId, { cancel_at_period_end: true });
      });
    },

    resume(ref) {
      return guarded(async () => {
        await stripe.subscriptions.update(ref.subscriptionId, { cancel_at_period_end: false });
      });
    },

    retryPayment(ref, paymentMethodRef) {
      return guarded(async () => {
        await stripe.customers.update(ref.customerId, {
          invoice_settings: { default_payment_method: paymentMethodRef },
        });
        for (const open of ref.openInvoices)
          await stripe.invoices.pay(open.gatewayInvoiceId, { payment_method: paymentMethodRef });
      });
    },

    renew(ref) {
      return guarded(async () => {
        // Stripe renews by itself and says so by webhook; this catches up on a missed one.
        const subscription = await stripe.subscriptions.retrieve(ref.subscriptionId);
        const state = subscriptionStateOf(subscription);
        if (!state) return;
        const periodStart = Date.parse(state.currentPeriodStart) / 1000;
        await options.emit({
          id: `evt_poll_${subscription.id}_${periodStart}_${subscription.status}`,
          orgId: ref.orgId,
          createdAt: new Date().toISOString(),
          type:
            state.status === 'canceled'
              ? 'customer.subscription.deleted'
              : 'customer.subscription.updated',
          subscription: state,
        });
      });
    },

    createPortalSession({ customerId, returnUrl }) {
      return guarded(async () => {
        const session = await stripe.billingPortal.sessions.create({
          customer: customerId,
          return_url: returnUrl,
        });
        return { url: session.url };
      });
    },

    async parseWebhook(rawBody, signature) {
      const event = verify(rawBody, signature);
      const meta = { id: event.id, createdAt: secondsToIso(event.created) };
      switch (event.type) {
        case 'checkout.session.completed': {
          const session = event.data.object;
          const subscriptionId = idOf(session.subscription);
          const orgId = await orgOf(session.customer);
          if (!subscriptionId || !orgId || session.client_reference_id !== orgId) return null;
          const state = subscriptionStateOf(await stripe.subscriptions.retrieve(subscriptionId));
          return state ? { ...meta, orgId, type: event.type, subscription: state } : null;
        }
        case 'customer.subscription.created':
        case 'customer.subscription.updated':
        case 'customer.subscription.deleted': {
          const state = subscriptionStateOf(event.data.object);
          const orgId = await orgOf(event.data.object.customer);
          if (!state || !orgId) return null;
          const type =
            event.type === 'customer.subscription.deleted'
              ? event.type
              : ('customer.subscription.updated' as const);
          return { ...meta, orgId, type, subscription: state };
        }
        case 'invoice.finalized':
        case 'invoice.paid':
        case 'invoice.payment_failed': {
          const invoice = invoiceOf(event.data.object);
          const orgId = await orgOf(event.data.object.customer);
          if (!invoice || !orgId) return null;
          return { ...meta, orgId, type: event.type, invoice };
        }
        default:
          return null;
      }
    },
  };
}

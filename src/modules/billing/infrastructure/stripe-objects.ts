import type Stripe from 'stripe';
import { currencies, findPlan, type Currency } from '../domain/catalogue.js';
import type { InvoiceLine, InvoiceStatus } from '../domain/invoice.js';
import { parseLookupKey } from '../domain/stripe-prices.js';
import type { SubscriptionStatus } from '../domain/subscription.js';
import type { GatewayInvoice, GatewaySubscriptionState } from '../application/payment-gateway.js';

/** Stripe's objects as billing reads them (API version of the SDK: periods on the items). */

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

/** Stripe's subscription statuses folded into billing's four. */
function statusOf(status: Stripe.Subscription.Status): SubscriptionStatus {
  switch (status) {
    case 'trialing':
      return 'trialing';
    case 'active':
      return 'active';
    case 'canceled':
    case 'incomplete_expired':
      return 'canceled';
    // incomplete (first payment pending), past_due, unpaid, paused: something is owed.
    default:
      return 'past_due';
  }
}

/**
 * The subscription's state, read from its items' prices (their lookup keys name the plan):
 * undefined when no item is a plan of the catalogue (a subscription billing does not manage).
 */
export function subscriptionStateOf(
  subscription: Stripe.Subscription,
): GatewaySubscriptionState | undefined {
  const items = subscription.items.data.map((item) => ({
    item,
    key: parseLookupKey(item.price.lookup_key),
  }));
  const base = items.find((entry) => entry.key?.kind === 'base');
  if (!base?.key) return undefined;
  const plan = findPlan(base.key.planId)!;
  const extra = items
    .filter((entry) => entry.key?.kind === 'seat')
    .reduce((sum, entry) => sum + (entry.item.quantity ?? 0), 0);
  return {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer)!,
    planId: plan.id,
    interval: base.key.interval,
    currency: base.key.currency,
    seats: plan.quotas.seats + extra,
    status: statusOf(subscription.status),
    currentPeriodStart: iso(base.item.current_period_start),
    currentPeriodEnd: iso(base.item.current_period_end),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    paymentMethodRef: idOf(subscription.default_payment_method),
  };
}

function invoiceStatusOf(status: Stripe.Invoice.Status | null): InvoiceStatus {
  if (status === 'paid') return 'paid';
  if (status === 'void') return 'void';
  return 'open';
}

const isProration = (line: Stripe.InvoiceLineItem) =>
  line.parent?.subscription_item_details?.proration === true ||
  line.parent?.invoice_item_details?.proration === true;

/**
 * The invoice with its lines (proration lines marked as such); undefined in a currency the
 * catalogue does not sell in (not an invoice of this platform).
 */
export function invoiceOf(invoice: Stripe.Invoice): GatewayInvoice | undefined {
  const currency = invoice.currency.toUpperCase() as Currency;
  if (!currencies.includes(currency)) return undefined;
  const lines: InvoiceLine[] = invoice.lines.data.map((line) => ({
    description: line.description ?? '',
    amount: line.amount,
    kind: isProration(line) ? 'proration' : 'subscription',
  }));
  // The lines' periods: an invoice's own period_start/end describe the previous period.
  const starts = invoice.lines.data.map((line) => line.period.start);
  const ends = invoice.lines.data.map((line) => line.period.end);
  return {
    gatewayInvoiceId: invoice.id,
    status: invoiceStatusOf(invoice.status),
    currency,
    lines,
    periodStart: iso(starts.length ? Math.min(...starts) : invoice.period_start),
    periodEnd: iso(ends.length ? Math.max(...ends) : invoice.period_end),
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdfUrl: invoice.invoice_pdf ?? null,
  };
}

import type { Currency, Interval } from '../domain/catalogue.js';
import type { InvoiceLine, InvoiceStatus } from '../domain/invoice.js';
import type { SubscriptionStatus } from '../domain/subscription.js';

/**
 * The payment gateway as billing needs it: what the Stripe adapter implements with the official
 * SDK (customers, hosted Checkout, subscriptions with proration, invoices, webhooks) and what the
 * simulated gateway imitates. Card data never reaches the platform: payment methods are the
 * gateway's opaque references (`pm_…`), collected on the gateway's own pages.
 *
 * Every change is confirmed by events, as Stripe's webhooks confirm it: the platform applies
 * `GatewayEvent`s (exactly once, in any order) and never assumes a call's outcome.
 */
export interface PaymentGateway {
  readonly kind: 'simulated' | 'stripe';
  createCustomer(input: { orgId: string }): Promise<{ customerId: string }>;
  /**
   * A hosted checkout for a first subscription. The simulated gateway completes it at once with
   * the payment method given (and answers `completed: true`); Stripe returns the page to send the
   * customer to, and `checkout.session.completed` arrives later.
   */
  createCheckoutSession(input: CheckoutInput): Promise<CheckoutSession>;
  /** Plan, interval or seats of a running subscription, prorated and invoiced at once. */
  updateSubscription(input: SubscriptionUpdate): Promise<void>;
  cancelAtPeriodEnd(subscription: GatewaySubscriptionRef): Promise<void>;
  resume(subscription: GatewaySubscriptionRef): Promise<void>;
  /** A new default payment method, and another attempt at the open invoices with it. */
  retryPayment(subscription: GatewaySubscriptionRef, paymentMethodRef: string): Promise<void>;
  /**
   * The period has ended. Stripe renews by itself (its adapter fetches the subscription and emits
   * what the webhooks would); the simulated gateway charges the next period.
   */
  renew(subscription: GatewaySubscriptionRef): Promise<void>;
  /** A page of the gateway where the customer manages payment methods and sees invoices. */
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>;
  /**
   * A webhook request verified (signature) and parsed; throws a 400 AppError on a bad signature.
   * Null for an event billing does not act on, or one about a customer no organisation has.
   */
  parseWebhook(rawBody: Buffer, signature: string | undefined): Promise<GatewayEvent | null>;
}

/** The subscription as the platform knows it: enough for a gateway with no state of its own. */
export interface GatewaySubscriptionRef {
  orgId: string;
  customerId: string;
  subscriptionId: string;
  planId: string;
  interval: Interval;
  currency: Currency;
  seats: number;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  paymentMethodRef: string | null;
  openInvoices: {
    gatewayInvoiceId: string;
    lines: InvoiceLine[];
    periodStart: Date;
    periodEnd: Date;
  }[];
}

export interface CheckoutInput {
  orgId: string;
  customerId: string;
  planId: string;
  interval: Interval;
  currency: Currency;
  seats: number;
  /** The simulated gateway pays with it; Stripe collects one on its page instead. */
  paymentMethodRef: string | null;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
  completed: boolean;
}

export interface SubscriptionUpdate {
  subscription: GatewaySubscriptionRef;
  planId: string;
  interval: Interval;
  seats: number;
}

/** The subscription's state as the gateway holds it, carried by subscription events. */
export interface GatewaySubscriptionState {
  subscriptionId: string;
  customerId: string;
  planId: string;
  interval: Interval;
  currency: Currency;
  seats: number;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  cancelAtPeriodEnd: boolean;
  paymentMethodRef: string | null;
}

export interface GatewayInvoice {
  gatewayInvoiceId: string;
  status: InvoiceStatus;
  currency: Currency;
  lines: InvoiceLine[];
  periodStart: string;
  periodEnd: string;
  /** The gateway's own pages for the invoice, where it has them (Stripe does). */
  hostedInvoiceUrl?: string | null;
  invoicePdfUrl?: string | null;
}

/** The events billing reacts to, named as Stripe names them. */
export type GatewayEvent = { id: string; orgId: string; createdAt: string } & (
  | { type: 'checkout.session.completed'; subscription: GatewaySubscriptionState }
  | { type: 'customer.subscription.updated'; subscription: GatewaySubscriptionState }
  | { type: 'customer.subscription.deleted'; subscription: GatewaySubscriptionState }
  | { type: 'invoice.finalized'; invoice: GatewayInvoice }
  | { type: 'invoice.paid'; invoice: GatewayInvoice }
  | { type: 'invoice.payment_failed'; invoice: GatewayInvoice }
);

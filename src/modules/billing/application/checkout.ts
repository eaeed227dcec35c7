import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findPlan, type Currency, type Interval } from '../domain/catalogue.js';
import {
  updateSubscription,
  type SubscriptionRow,
} from '../infrastructure/subscriptions.repository.js';
import { billingGatewayFor } from './billing-services.js';
import { forgetSubscription, subscriptionOf } from './entitlements.js';
import type { CheckoutSession, PaymentGateway } from './payment-gateway.js';
import { measure } from './usage.js';

export interface CheckoutRequest {
  planId: string;
  interval: Interval;
  currency: Currency;
  seats?: number;
  /** The simulated gateway pays with it (its test card by default); Stripe asks on its page. */
  paymentMethodRef?: string;
}

/**
 * A subscription this gateway runs (not a trial, not one that ended). One made through another
 * gateway (simulated, before Stripe was configured) runs to its period end, then the renewal job
 * ends it: a change meanwhile is a new checkout.
 */
export const isSubscribed = (row: SubscriptionRow, gateway: PaymentGateway['kind']) =>
  row.gateway === gateway &&
  !!row.gatewaySubscriptionId &&
  row.status !== 'canceled' &&
  row.status !== 'trialing';

/** Seats cannot go below the organisation's members. */
export async function assertSeatsFit(runtime: Runtime, orgId: string, seats: number) {
  const members = await measure(runtime, orgId, 'seats', { from: new Date(0), to: new Date() });
  if (seats < members)
    throw new AppError(
      'conflict',
      `The organisation has ${members} members; remove some before buying ${seats} seats`,
      { members },
    );
}

/** The organisation's customer at the gateway, created the first time it is needed. */
async function customerOf(runtime: Runtime, row: SubscriptionRow): Promise<string> {
  const gateway = billingGatewayFor(runtime);
  if (row.gatewayCustomerId && row.gateway === gateway.kind) return row.gatewayCustomerId;
  const { customerId } = await gateway.createCustomer({ orgId: row.orgId });
  // A subscription of another gateway's customer is that gateway's: it runs to its period end
  // (the renewal job then ends it), and this gateway's checkout brings the new one.
  await updateSubscription(runtime.db, row.orgId, {
    gatewayCustomerId: customerId,
    gateway: gateway.kind,
    gatewaySubscriptionId: null,
  });
  return customerId;
}

/**
 * A hosted checkout for a first subscription (or one after the last ended): the gateway's page
 * to send the customer to. The simulated gateway completes it at once (`completed: true`); with
 * Stripe, `checkout.session.completed` and the first invoice arrive by webhook.
 */
export async function startCheckout(
  runtime: Runtime,
  orgId: string,
  request: CheckoutRequest,
): Promise<CheckoutSession> {
  const row = await subscriptionOf(runtime, orgId);
  if (isSubscribed(row, billingGatewayFor(runtime).kind))
    throw new AppError(
      'conflict',
      'The organisation already has a subscription: change it with PUT /api/v1/billing/subscription',
    );
  const plan = findPlan(request.planId);
  if (!plan)
    throw AppError.validation('Unknown plan', [
      { field: 'body.plan_id', message: `names no plan: ${request.planId}` },
    ]);
  const seats = request.seats ?? plan.quotas.seats;
  await assertSeatsFit(runtime, orgId, seats);
  const customerId = await customerOf(runtime, row);
  const session = await billingGatewayFor(runtime).createCheckoutSession({
    orgId,
    customerId,
    planId: plan.id,
    interval: request.interval,
    currency: request.currency,
    seats,
    paymentMethodRef: request.paymentMethodRef ?? null,
    successUrl: `${runtime.config.publicUrl}/billing?checkout=success`,
    cancelUrl: `${runtime.config.publicUrl}/billing?checkout=canceled`,
  });
  await forgetSubscription(runtime, orgId);
  return session;
}

/** The gateway's customer portal (payment methods, invoices), returning to the billing page. */
export async function openPortal(runtime: Runtime, orgId: string): Promise<{ url: string }> {
  const customerId = await customerOf(runtime, await subscriptionOf(runtime, orgId));
  return billingGatewayFor(runtime).createPortalSession({
    customerId,
    returnUrl: `${runtime.config.publicUrl}/billing`,
  });
}

import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findPlan, type Currency, type Interval } from '../domain/catalogue.js';
import type { InvoiceLine } from '../domain/invoice.js';
import { listInvoices, type SubscriptionRow } from '../infrastructure/subscriptions.repository.js';
import { billingGatewayFor } from './billing-services.js';
import { assertSeatsFit, isSubscribed, startCheckout } from './checkout.js';
import { forgetSubscription, subscriptionOf } from './entitlements.js';
import type { CheckoutSession, GatewaySubscriptionRef } from './payment-gateway.js';

export interface SubscriptionChange {
  planId?: string;
  interval?: Interval;
  currency?: Currency;
  seats?: number;
  cancelAtPeriodEnd?: boolean;
  /** The gateway's reference to a payment method (`pm_…`); pays what is overdue. */
  paymentMethodRef?: string;
}

export interface ChangeOutcome {
  subscription: SubscriptionRow;
  /** Set when the change started a checkout (a first subscription, or one after it ended). */
  checkout: CheckoutSession | null;
}

/**
 * Subscribe (through the gateway's hosted checkout), upgrade or downgrade (prorated by the
 * gateway), change seats, cancel at period end, resume, or pay what is overdue with another
 * payment method. The gateway confirms each change with events; the row returned reflects them
 * (at once with the simulated gateway, once the webhooks arrive with Stripe).
 */
export async function changeSubscription(
  runtime: Runtime,
  orgId: string,
  change: SubscriptionChange,
): Promise<ChangeOutcome> {
  const gateway = billingGatewayFor(runtime);
  let row = await subscriptionOf(runtime, orgId);
  const planId = change.planId ?? row.planId;
  const plan = findPlan(planId);
  if (!plan)
    throw AppError.validation('Unknown plan', [
      { field: 'body.plan_id', message: `names no plan: ${planId}` },
    ]);
  const seats = change.seats ?? Math.max(row.seats, plan.quotas.seats);
  await assertSeatsFit(runtime, orgId, seats);
  let checkout: CheckoutSession | null = null;
  if (!isSubscribed(row, gateway.kind)) {
    if (!change.planId)
      throw AppError.validation('Name the plan to subscribe to', [
        { field: 'body.plan_id', message: 'is required to subscribe' },
      ]);
    checkout = await startCheckout(runtime, orgId, {
      planId,
      interval: change.interval ?? (row.interval as Interval),
      currency: change.currency ?? (row.currency as Currency),
      seats: change.seats ?? plan.quotas.seats,
      paymentMethodRef: change.paymentMethodRef,
    });
  } else {
    if (change.currency && change.currency !== row.currency)
      throw AppError.validation('A running subscription keeps its currency', [
        { field: 'body.currency', message: `stays ${row.currency} until the subscription ends` },
      ]);
    const ref = async (): Promise<GatewaySubscriptionRef> => refOf(runtime, row);
    if (change.paymentMethodRef) {
      await gateway.retryPayment(await ref(), change.paymentMethodRef);
      row = await subscriptionOf(runtime, orgId);
    }
    const interval = change.interval ?? (row.interval as Interval);
    if (planId !== row.planId || interval !== row.interval || seats !== row.seats) {
      await gateway.updateSubscription({ subscription: await ref(), planId, interval, seats });
      row = await subscriptionOf(runtime, orgId);
    }
    if (change.cancelAtPeriodEnd === true && !row.cancelAtPeriodEnd)
      await gateway.cancelAtPeriodEnd(await ref());
    if (change.cancelAtPeriodEnd === false && row.cancelAtPeriodEnd)
      await gateway.resume(await ref());
  }
  await forgetSubscription(runtime, orgId);
  return { subscription: await subscriptionOf(runtime, orgId), checkout };
}

/** What a stateless gateway needs to act on the subscription, open invoices included. */
export async function refOf(
  runtime: Runtime,
  row: SubscriptionRow,
): Promise<GatewaySubscriptionRef> {
  const open = await listInvoices(runtime.db, row.orgId, { status: 'open', limit: 100 });
  return {
    orgId: row.orgId,
    customerId: row.gatewayCustomerId!,
    subscriptionId: row.gatewaySubscriptionId!,
    planId: row.planId,
    interval: row.interval as Interval,
    currency: row.currency as Currency,
    seats: row.seats,
    currentPeriodStart: new Date(row.currentPeriodStart),
    currentPeriodEnd: new Date(row.currentPeriodEnd),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    paymentMethodRef: row.paymentMethodRef,
    openInvoices: open.map((invoice) => ({
      gatewayInvoiceId: invoice.gatewayInvoiceId,
      lines: invoice.lines as InvoiceLine[],
      periodStart: new Date(invoice.periodStart),
      periodEnd: new Date(invoice.periodEnd),
    })),
  };
}

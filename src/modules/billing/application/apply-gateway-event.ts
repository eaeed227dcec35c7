import type { Database } from '../../../platform/db/database.js';
import type { Runtime } from '../../../platform/runtime.js';
import { uuidv7 } from 'uuidv7';
import { totalOf } from '../domain/invoice.js';
import {
  countOpenInvoices,
  findSubscription,
  recordGatewayEvent,
  updateSubscription,
  upsertInvoice,
} from '../infrastructure/subscriptions.repository.js';
import { forgetSubscription } from './entitlements.js';
import type { GatewayEvent, GatewaySubscriptionState } from './payment-gateway.js';

/**
 * Applies one gateway event — from the simulated gateway, or a verified webhook — exactly once:
 * the event id is recorded in the same transaction as its effect, so a replay changes nothing.
 * Subscription events carry the whole state; one older than the state already applied is
 * ignored, so events may arrive in any order. Returns false for a replay.
 */
export async function applyGatewayEvent(runtime: Runtime, event: GatewayEvent): Promise<boolean> {
  const applied = await runtime.db.transaction(async (tx) => {
    if (!(await recordGatewayEvent(tx, { orgId: event.orgId, id: event.id, type: event.type })))
      return false;
    await apply(tx, event);
    return true;
  });
  if (applied) await forgetSubscription(runtime, event.orgId);
  return applied;
}

async function apply(db: Database, event: GatewayEvent): Promise<void> {
  const row = await findSubscription(db, event.orgId);
  if (!row) return;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      if (row.gatewayStateAt && Date.parse(event.createdAt) < Date.parse(row.gatewayStateAt))
        return;
      const state: GatewaySubscriptionState =
        event.type === 'customer.subscription.deleted'
          ? { ...event.subscription, status: 'canceled' }
          : event.subscription;
      await updateSubscription(db, event.orgId, {
        planId: state.planId,
        interval: state.interval,
        currency: state.currency,
        seats: state.seats,
        status: state.status,
        currentPeriodStart: state.currentPeriodStart,
        currentPeriodEnd: state.currentPeriodEnd,
        cancelAtPeriodEnd: state.cancelAtPeriodEnd,
        pastDueSince: state.status === 'past_due' ? (row.pastDueSince ?? event.createdAt) : null,
        gatewayCustomerId: state.customerId,
        gatewaySubscriptionId: state.subscriptionId,
        paymentMethodRef: state.paymentMethodRef,
        gatewayStateAt: event.createdAt,
      });
      return;
    }
    case 'invoice.finalized':
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const paid = event.type === 'invoice.paid';
      const stored = await upsertInvoice(db, {
        orgId: event.orgId,
        id: uuidv7(),
        gatewayInvoiceId: event.invoice.gatewayInvoiceId,
        status: paid ? 'paid' : event.invoice.status === 'void' ? 'void' : 'open',
        currency: event.invoice.currency,
        totalMinor: totalOf(event.invoice.lines),
        lines: event.invoice.lines,
        periodStart: event.invoice.periodStart,
        periodEnd: event.invoice.periodEnd,
        paidAt: paid ? event.createdAt : null,
        hostedInvoiceUrl: event.invoice.hostedInvoiceUrl ?? null,
        invoicePdfUrl: event.invoice.invoicePdfUrl ?? null,
      });
      if (event.type === 'invoice.finalized' || row.status === 'canceled') return;
      // A failure delivered after the invoice was paid (any order) leaves it paid and changes nothing.
      if (event.type === 'invoice.payment_failed' && stored.status === 'open') {
        await updateSubscription(db, event.orgId, {
          status: 'past_due',
          pastDueSince: row.pastDueSince ?? event.createdAt,
        });
        return;
      }
      // Paid, and nothing else owed: the subscription is in good standing again.
      if (paid && row.status === 'past_due' && (await countOpenInvoices(db, event.orgId)) === 0)
        await updateSubscription(db, event.orgId, {
          status: 'active',
          pastDueSince: null,
          gatewayStateAt: newer(row.gatewayStateAt, event.createdAt),
        });
      return;
    }
  }
}

/** The later of two instants: a subscription event older than both is stale. */
function newer(stored: string | null, candidate: string): string {
  return stored && Date.parse(stored) > Date.parse(candidate) ? stored : candidate;
}

import { setTimeout as sleep } from 'node:timers/promises';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { findPlan, type Currency, type Interval } from '../domain/catalogue.js';
import type { InvoiceLine } from '../domain/invoice.js';
import { prorate } from '../domain/proration.js';
import { periodAmount, periodEndOf } from '../domain/subscription.js';
import type {
  CheckoutInput,
  GatewayEvent,
  GatewayInvoice,
  GatewaySubscriptionRef,
  GatewaySubscriptionState,
  PaymentGateway,
  SubscriptionUpdate,
} from '../application/payment-gateway.js';

/** Stripe's test payment methods that decline: the simulated gateway declines them too. */
const decliningMethods = /^pm_card_(?:chargeDeclined|visa_chargeDeclined)/;

export interface SimulatedGatewayOptions {
  /** Where the events go: the same handler the webhook route calls. */
  emit: (event: GatewayEvent) => Promise<void>;
  /** Each call waits this long, like a round trip to a payment provider. */
  latencyMs: number;
  now?: () => Date;
}

/**
 * The SIMULATED payment gateway of the embedded mode and of tests: no money moves. Checkouts
 * complete at once, renewals and changes are charged to the payment method on file, and a
 * declining test method (`pm_card_chargeDeclined`, as in Stripe's test mode) fails the payment.
 * It emits the events Stripe's webhooks would, through the same handler.
 */
export function simulatedGateway(options: SimulatedGatewayOptions): PaymentGateway {
  const now = options.now ?? (() => new Date());
  const wait = () => sleep(options.latencyMs * (0.5 + Math.random()));
  const meta = (orgId: string) => ({
    id: `evt_sim_${uuidv7()}`,
    orgId,
    createdAt: now().toISOString(),
  });
  const subscriptionEvent = (
    orgId: string,
    type:
      | 'checkout.session.completed'
      | 'customer.subscription.updated'
      | 'customer.subscription.deleted',
    subscription: GatewaySubscriptionState,
  ): GatewayEvent => ({ ...meta(orgId), type, subscription });
  const invoiceEvent = (
    orgId: string,
    type: 'invoice.paid' | 'invoice.payment_failed',
    invoice: GatewayInvoice,
  ): GatewayEvent => ({ ...meta(orgId), type, invoice });

  const planLines = (planId: string, interval: Interval, currency: Currency, seats: number) => {
    const plan = findPlan(planId)!;
    return [
      {
        description: `${plan.name} (${interval}ly, ${seats} seats)`,
        amount: periodAmount(plan, interval, currency, seats),
        kind: 'subscription' as const,
      },
    ];
  };

  /** Charges an invoice to the payment method: paid, or open after a decline. */
  const collect = (
    orgId: string,
    currency: Currency,
    lines: InvoiceLine[],
    period: { start: Date; end: Date },
    paymentMethodRef: string | null,
    gatewayInvoiceId = `in_sim_${uuidv7()}`,
  ): { paid: boolean; event: GatewayEvent } => {
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    const paid = total <= 0 || (!!paymentMethodRef && !decliningMethods.test(paymentMethodRef));
    const invoice: GatewayInvoice = {
      gatewayInvoiceId,
      status: paid ? 'paid' : 'open',
      currency,
      lines,
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
    };
    return {
      paid,
      event: invoiceEvent(orgId, paid ? 'invoice.paid' : 'invoice.payment_failed', invoice),
    };
  };

  const stateOf = (
    ref: GatewaySubscriptionRef,
    changes: Partial<GatewaySubscriptionState>,
  ): GatewaySubscriptionState => ({
    subscriptionId: ref.subscriptionId,
    customerId: ref.customerId,
    planId: ref.planId,
    interval: ref.interval,
    currency: ref.currency,
    seats: ref.seats,
    status: 'active',
    currentPeriodStart: ref.currentPeriodStart.toISOString(),
    currentPeriodEnd: ref.currentPeriodEnd.toISOString(),
    cancelAtPeriodEnd: ref.cancelAtPeriodEnd,
    paymentMethodRef: ref.paymentMethodRef,
    ...changes,
  });

  return {
    kind: 'simulated',

    async createCustomer({ orgId }) {
      await wait();
      return { customerId: `cus_sim_${orgId.replaceAll('-', '')}` };
    },

    async createCheckoutSession(input: CheckoutInput) {
      await wait();
      const start = now();
      const end = periodEndOf(start, input.interval);
      const lines = planLines(input.planId, input.interval, input.currency, input.seats);
      // The simulated hosted page is paid with Stripe's test card unless told which card to use.
      const paymentMethodRef = input.paymentMethodRef ?? 'pm_card_visa';
      const charge = collect(input.orgId, input.currency, lines, { start, end }, paymentMethodRef);
      // A hosted checkout does not complete while the card declines: the customer stays on it.
      if (!charge.paid)
        throw new AppError(
          'payment_required',
          'The card was declined; try another payment method',
          {
            decline_code: 'card_declined',
          },
        );
      const id = `cs_sim_${uuidv7()}`;
      const subscription: GatewaySubscriptionState = {
        subscriptionId: `sub_sim_${uuidv7()}`,
        customerId: input.customerId,
        planId: input.planId,
        interval: input.interval,
        currency: input.currency,
        seats: input.seats,
        status: 'active',
        currentPeriodStart: start.toISOString(),
        currentPeriodEnd: end.toISOString(),
        cancelAtPeriodEnd: false,
        paymentMethodRef,
      };
      await options.emit(
        subscriptionEvent(input.orgId, 'checkout.session.completed', subscription),
      );
      await options.emit(charge.event);
      return { id, url: `${input.successUrl}?session_id=${id}`, completed: true };
    },

    async updateSubscription({ subscription: ref, planId, interval, seats }: SubscriptionUpdate) {
      await wait();
      const at = now();
      const oldPlan = findPlan(ref.planId)!;
      const newPlan = findPlan(planId)!;
      const oldAmount = periodAmount(oldPlan, ref.interval, ref.currency, ref.seats);
      const newAmount = periodAmount(newPlan, interval, ref.currency, seats);
      // A new interval starts a new period (as Stripe does); otherwise the period stays.
      const restart = interval !== ref.interval;
      const start = restart ? at : ref.currentPeriodStart;
      const end = restart ? periodEndOf(at, interval) : ref.currentPeriodEnd;
      const proration = prorate({
        oldAmount,
        newAmount,
        periodStart: ref.currentPeriodStart,
        periodEnd: ref.currentPeriodEnd,
        at,
      });
      const lines: InvoiceLine[] = [
        {
          description: `Unused time on ${oldPlan.name}`,
          amount: proration.credit,
          kind: 'proration',
        },
        restart
          ? {
              description: `${newPlan.name} (${interval}ly, ${seats} seats)`,
              amount: newAmount,
              kind: 'subscription',
            }
          : {
              description: `Remaining time on ${newPlan.name} (${seats} seats)`,
              amount: proration.charge,
              kind: 'proration',
            },
      ];
      const charge = collect(
        ref.orgId,
        ref.currency,
        lines,
        { start: at, end },
        ref.paymentMethodRef,
      );
      const state = stateOf(ref, {
        planId,
        interval,
        seats,
        status: charge.paid ? 'active' : 'past_due',
        currentPeriodStart: start.toISOString(),
        currentPeriodEnd: end.toISOString(),
      });
      await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.updated', state));
      await options.emit(charge.event);
    },

    async cancelAtPeriodEnd(ref) {
      await wait();
      const state = stateOf(ref, { cancelAtPeriodEnd: true });
      await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.updated', state));
    },

    async resume(ref) {
      await wait();
      const state = stateOf(ref, { cancelAtPeriodEnd: false });
      await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.updated', state));
    },

    async retryPayment(ref, paymentMethodRef) {
      await wait();
      let allPaid = true;
      const charges = ref.openInvoices.map((open) => {
        const charge = collect(
          ref.orgId,
          ref.currency,
          open.lines,
          { start: open.periodStart, end: open.periodEnd },
          paymentMethodRef,
          open.gatewayInvoiceId,
        );
        allPaid &&= charge.paid;
        return charge.event;
      });
      const state = stateOf(ref, { paymentMethodRef, status: allPaid ? 'active' : 'past_due' });
      await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.updated', state));
      for (const charge of charges) await options.emit(charge);
    },

    async renew(ref) {
      await wait();
      if (ref.cancelAtPeriodEnd) {
        const state = stateOf(ref, { status: 'canceled' });
        await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.deleted', state));
        return;
      }
      const start = ref.currentPeriodEnd;
      const end = periodEndOf(start, ref.interval);
      const lines = planLines(ref.planId, ref.interval, ref.currency, ref.seats);
      const charge = collect(ref.orgId, ref.currency, lines, { start, end }, ref.paymentMethodRef);
      const state = stateOf(ref, {
        status: charge.paid ? 'active' : 'past_due',
        currentPeriodStart: start.toISOString(),
        currentPeriodEnd: end.toISOString(),
      });
      await options.emit(subscriptionEvent(ref.orgId, 'customer.subscription.updated', state));
      await options.emit(charge.event);
    },

    async createPortalSession({ returnUrl }) {
      await wait();
      // No hosted portal to send the customer to: back to the platform's own billing page.
      return { url: `${returnUrl}?portal=simulated` };
    },

    parseWebhook() {
      // The simulated gateway delivers its events in-process; there is no webhook to accept.
      return Promise.reject(
        new AppError(
          'not_found',
          'Stripe is not configured: the simulated gateway sends no webhooks',
        ),
      );
    },
  };
}

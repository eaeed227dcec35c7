import { describe, expect, it } from 'vitest';
import type { GatewayEvent, GatewaySubscriptionRef } from '../application/payment-gateway.js';
import { simulatedGateway } from './simulated-gateway.js';

const ref: GatewaySubscriptionRef = {
  orgId: '0190f0a0-0000-7000-8000-000000000001',
  customerId: 'cus_sim_1',
  subscriptionId: 'sub_sim_1',
  planId: 'promptsales-starter',
  interval: 'month',
  currency: 'EUR',
  seats: 5,
  currentPeriodStart: new Date('2026-11-07T00:00:00Z'),
  currentPeriodEnd: new Date('2026-12-07T00:00:00Z'),
  cancelAtPeriodEnd: false,
  paymentMethodRef: 'pm_card_visa',
  openInvoices: [],
};

function gateway() {
  const events: GatewayEvent[] = [];
  const simulated = simulatedGateway({
    emit: async (event) => {
      events.push(event);
    },
    latencyMs: 0,
    now: () => new Date('2026-12-07T00:00:00Z'),
  });
  return { simulated, events };
}

describe('the simulated gateway', () => {
  it('renews a period: the next one charged to the payment method on file', async () => {
    const { simulated, events } = gateway();
    await simulated.renew(ref);
    expect(events.map((event) => event.type)).toEqual([
      'customer.subscription.updated',
      'invoice.paid',
    ]);
    const [updated, paid] = events;
    if (updated?.type !== 'customer.subscription.updated' || paid?.type !== 'invoice.paid')
      throw new Error('unexpected events');
    expect(updated.subscription).toMatchObject({
      status: 'active',
      currentPeriodStart: '2026-12-07T00:00:00.000Z',
      currentPeriodEnd: '2027-01-07T00:00:00.000Z',
    });
    expect(paid.invoice.lines).toEqual([
      {
        description: 'PromptSales Starter (monthly, 5 seats)',
        amount: 8_200,
        kind: 'subscription',
      },
    ]);
  });

  it('leaves the renewal open and the subscription past due when the card declines', async () => {
    const { simulated, events } = gateway();
    await simulated.renew({ ...ref, paymentMethodRef: 'pm_card_chargeDeclined' });
    expect(events.map((event) => event.type)).toEqual([
      'customer.subscription.updated',
      'invoice.payment_failed',
    ]);
    const [updated] = events;
    expect(updated?.type === 'customer.subscription.updated' && updated.subscription.status).toBe(
      'past_due',
    );
  });

  it('ends a subscription set to cancel at its period end', async () => {
    const { simulated, events } = gateway();
    await simulated.renew({ ...ref, cancelAtPeriodEnd: true });
    expect(events.map((event) => event.type)).toEqual(['customer.subscription.deleted']);
  });

  it('gives every event its own id', async () => {
    const { simulated, events } = gateway();
    await simulated.renew(ref);
    await simulated.renew(ref);
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
  });
});

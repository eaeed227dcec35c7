import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { invoiceOf, subscriptionStateOf } from './stripe-objects.js';

const item = (lookupKey: string | null, quantity: number) => ({
  id: `si_${lookupKey}`,
  quantity,
  current_period_start: 1_796_601_600, // 2026-12-07
  current_period_end: 1_799_280_000, // 2027-01-07
  price: { id: `price_${lookupKey}`, lookup_key: lookupKey },
});

const subscription = (status: string, items: ReturnType<typeof item>[]) =>
  ({
    id: 'sub_1',
    object: 'subscription',
    customer: { id: 'cus_1' },
    status,
    cancel_at_period_end: true,
    default_payment_method: 'pm_1',
    items: { object: 'list', data: items },
  }) as unknown as Stripe.Subscription;

describe('Stripe objects as billing reads them', () => {
  it('reads plan, interval, currency and seats from the items’ lookup keys', () => {
    const state = subscriptionStateOf(
      subscription('active', [
        item('ps_2026-12-01_promptsales-growth_base_year_eur', 1),
        item('ps_2026-12-01_promptsales-growth_seat_year_eur', 3),
      ]),
    );
    expect(state).toEqual({
      subscriptionId: 'sub_1',
      customerId: 'cus_1',
      planId: 'promptsales-growth',
      interval: 'year',
      currency: 'EUR',
      seats: 23,
      status: 'active',
      currentPeriodStart: '2026-12-07T00:00:00.000Z',
      currentPeriodEnd: '2027-01-07T00:00:00.000Z',
      cancelAtPeriodEnd: true,
      paymentMethodRef: 'pm_1',
    });
  });

  it('folds Stripe’s statuses into four, and ignores subscriptions of other prices', () => {
    const of = (status: string) =>
      subscriptionStateOf(
        subscription(status, [item('ps_2026-12-01_promptads-starter_base_month_usd', 1)]),
      )?.status;
    expect(of('trialing')).toBe('trialing');
    expect(of('unpaid')).toBe('past_due');
    expect(of('incomplete')).toBe('past_due');
    expect(of('incomplete_expired')).toBe('canceled');
    expect(subscriptionStateOf(subscription('active', [item('standard_monthly', 1)]))).toBe(
      undefined,
    );
  });

  it('marks proration lines and takes the period from the lines', () => {
    const line = (amount: number, proration: boolean, start: number, end: number) => ({
      amount,
      description: proration ? 'Unused time' : 'Plan',
      period: { start, end },
      parent: {
        type: 'subscription_item_details',
        invoice_item_details: null,
        subscription_item_details: { proration },
      },
    });
    const invoice = invoiceOf({
      id: 'in_1',
      status: 'draft',
      currency: 'usd',
      period_start: 0,
      period_end: 0,
      hosted_invoice_url: 'https://invoice.stripe.com/i/in_1',
      invoice_pdf: null,
      lines: {
        data: [
          line(-8_000, true, 1_796_601_600, 1_799_280_000),
          line(29_900, false, 1_796_601_600, 1_799_280_000),
        ],
      },
    } as unknown as Stripe.Invoice);
    expect(invoice).toMatchObject({
      gatewayInvoiceId: 'in_1',
      status: 'open',
      currency: 'USD',
      periodStart: '2026-12-07T00:00:00.000Z',
      periodEnd: '2027-01-07T00:00:00.000Z',
      hostedInvoiceUrl: 'https://invoice.stripe.com/i/in_1',
      invoicePdfUrl: null,
    });
    expect(invoice!.lines.map((l) => l.kind)).toEqual(['proration', 'subscription']);
    expect(invoiceOf({ currency: 'gbp' } as unknown as Stripe.Invoice)).toBeUndefined();
  });
});

import { z } from 'zod';
import {
  currencies,
  features,
  intervals,
  plans,
  products,
  quotas,
  tiers,
  type Plan,
} from '../domain/catalogue.js';
import { subscriptionStatuses } from '../domain/subscription.js';
import type { QuotaUsage } from '../application/usage.js';
import type { InvoiceRow, SubscriptionRow } from '../infrastructure/subscriptions.repository.js';

const moneyByCurrency = z.object({ USD: z.number(), EUR: z.number() });
const prices = z.object({ month: moneyByCurrency, year: moneyByCurrency });

export const planSchema = z.object({
  id: z.string(),
  object: z.literal('plan'),
  product: z.enum(products),
  tier: z.enum(tiers),
  name: z.string(),
  prices,
  extra_seat_prices: prices,
  trial_days: z.number(),
  features: z.array(z.enum(features)),
  quotas: z.record(z.enum(quotas), z.number()),
});

export const toPlan = (plan: Plan): z.infer<typeof planSchema> => ({
  id: plan.id,
  object: 'plan',
  product: plan.product,
  tier: plan.tier,
  name: plan.name,
  prices: plan.prices,
  extra_seat_prices: plan.extraSeatPrices,
  trial_days: plan.trialDays,
  features: [...plan.features],
  quotas: plan.quotas,
});

export const planIds = plans.map((plan) => plan.id) as [string, ...string[]];

export const subscriptionSchema = z.object({
  object: z.literal('subscription'),
  plan_id: z.string(),
  catalogue_version: z.string(),
  status: z.enum(subscriptionStatuses),
  interval: z.enum(intervals),
  currency: z.enum(currencies),
  seats: z.number(),
  trial_ends_at: z.string().nullable(),
  current_period_start: z.string(),
  current_period_end: z.string(),
  cancel_at_period_end: z.boolean(),
  past_due_since: z.string().nullable(),
  access: z.enum(['full', 'read_only']),
  gateway: z.string().nullable(),
  has_payment_method: z.boolean(),
});

export const toSubscription = (
  row: SubscriptionRow,
  access: 'full' | 'read_only',
): z.infer<typeof subscriptionSchema> => ({
  object: 'subscription',
  plan_id: row.planId,
  catalogue_version: row.catalogueVersion,
  status: row.status as (typeof subscriptionStatuses)[number],
  interval: row.interval as (typeof intervals)[number],
  currency: row.currency as (typeof currencies)[number],
  seats: row.seats,
  trial_ends_at: row.trialEndsAt,
  current_period_start: row.currentPeriodStart,
  current_period_end: row.currentPeriodEnd,
  cancel_at_period_end: row.cancelAtPeriodEnd,
  past_due_since: row.pastDueSince,
  access,
  gateway: row.gateway,
  has_payment_method: row.paymentMethodRef !== null,
});

export const paymentMethodField = z
  .string()
  .regex(/^pm_[A-Za-z0-9_]{1,100}$/, 'must be a payment method reference of the gateway (pm_…)');

export const subscriptionChangeBody = z
  .object({
    plan_id: z.enum(planIds).optional(),
    interval: z.enum(intervals).optional(),
    currency: z.enum(currencies).optional(),
    seats: z.number().int().min(1).max(100_000).optional(),
    cancel_at_period_end: z.boolean().optional(),
    payment_method: paymentMethodField
      .optional()
      .describe(
        "The gateway's reference to a payment method (never card data); with the simulated gateway, pm_card_visa pays and pm_card_chargeDeclined declines",
      ),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Name at least one change' });

export const usageSchema = z.object({
  quota: z.enum(quotas),
  used: z.number(),
  limit: z.number(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
});

export const toUsage = (usage: QuotaUsage): z.infer<typeof usageSchema> => ({
  quota: usage.quota,
  used: usage.used,
  limit: usage.limit,
  period_start: usage.periodStart,
  period_end: usage.periodEnd,
});

export const invoiceSchema = z.object({
  id: z.string(),
  object: z.literal('invoice'),
  status: z.enum(['paid', 'open', 'void']),
  currency: z.string(),
  total: z.number(),
  lines: z.array(
    z.object({
      description: z.string(),
      amount: z.number(),
      kind: z.enum(['subscription', 'proration']),
    }),
  ),
  period_start: z.string(),
  period_end: z.string(),
  paid_at: z.string().nullable(),
  created_at: z.string(),
  hosted_invoice_url: z
    .string()
    .nullable()
    .describe("Stripe's hosted page of the invoice; null with the simulated gateway"),
  invoice_pdf: z
    .string()
    .nullable()
    .describe("Stripe's PDF of the invoice; null with the simulated gateway"),
});

export const toInvoice = (row: InvoiceRow): z.infer<typeof invoiceSchema> => ({
  id: row.id,
  object: 'invoice',
  status: row.status as 'paid' | 'open' | 'void',
  currency: row.currency,
  total: row.totalMinor,
  lines: row.lines,
  period_start: row.periodStart,
  period_end: row.periodEnd,
  paid_at: row.paidAt,
  created_at: row.createdAt,
  hosted_invoice_url: row.hostedInvoiceUrl,
  invoice_pdf: row.invoicePdfUrl,
});

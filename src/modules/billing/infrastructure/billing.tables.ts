import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamps } from '../../../platform/db/timestamps.js';
import type { InvoiceLine } from '../domain/invoice.js';

export const billingSchema = pgSchema('billing');

const at = () => timestamp({ withTimezone: true, mode: 'string' });

/** One subscription per organisation: its plan, seats, period and standing with the gateway. */
export const subscriptions = billingSchema.table(
  'subscriptions',
  {
    orgId: uuid().primaryKey(),
    planId: text().notNull(),
    /** The catalogue version the plan was chosen under. */
    catalogueVersion: text().notNull(),
    /** month | year */
    interval: text().notNull(),
    currency: text().notNull(),
    seats: integer().notNull(),
    /** trialing | active | past_due | canceled */
    status: text().notNull(),
    trialEndsAt: at(),
    currentPeriodStart: at().notNull(),
    currentPeriodEnd: at().notNull(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    pastDueSince: at(),
    /** simulated | stripe: which gateway the ids below belong to. */
    gateway: text(),
    gatewayCustomerId: text(),
    gatewaySubscriptionId: text(),
    /** The gateway's reference to the default payment method (an opaque id, never card data). */
    paymentMethodRef: text(),
    /** When the gateway's latest subscription state was produced: older events are ignored. */
    gatewayStateAt: at(),
    ...timestamps,
  },
  // A webhook names the gateway's customer: the organisation is found by it.
  (table) => [index('subscriptions_gateway_customer_idx').on(table.gatewayCustomerId)],
);

/** Invoices as the gateway reported them (paid, open or void), with their lines. */
export const invoices = billingSchema.table(
  'invoices',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    gatewayInvoiceId: text().notNull(),
    /** paid | open | void */
    status: text().notNull(),
    currency: text().notNull(),
    totalMinor: bigint({ mode: 'number' }).notNull(),
    lines: jsonb().$type<InvoiceLine[]>().notNull(),
    periodStart: at().notNull(),
    periodEnd: at().notNull(),
    paidAt: at(),
    /** Stripe's own pages for the invoice (its hosted page and PDF); null for the simulated one. */
    hostedInvoiceUrl: text(),
    invoicePdfUrl: text(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('invoices_gateway_idx').on(table.orgId, table.gatewayInvoiceId),
    index('invoices_org_status_idx').on(table.orgId, table.status, table.id),
  ],
);

/** Gateway events already applied, by the gateway's event id: each is processed exactly once. */
export const gatewayEvents = billingSchema.table(
  'gateway_events',
  {
    orgId: uuid().notNull(),
    id: text().notNull(),
    type: text().notNull(),
    receivedAt: at().notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

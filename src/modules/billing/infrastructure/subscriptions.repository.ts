import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  lt,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { gatewayEvents, invoices, subscriptions } from './billing.tables.js';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoice = typeof invoices.$inferInsert;

export async function findSubscription(db: Database, orgId: string) {
  const [row] = await db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId));
  return row;
}

/** Inserts the row unless the organisation has one already; returns whichever is stored. */
export async function insertSubscriptionIfAbsent(db: Database, row: NewSubscription) {
  await db.insert(subscriptions).values(row).onConflictDoNothing();
  return (await findSubscription(db, row.orgId))!;
}

export async function updateSubscription(
  db: Database,
  orgId: string,
  fields: Partial<NewSubscription>,
) {
  const [row] = await db
    .update(subscriptions)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(subscriptions.orgId, orgId))
    .returning();
  return row;
}

/** The organisation that has this gateway customer (a webhook names the customer only). */
export async function findOrgOfCustomer(
  db: Database,
  customerId: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ orgId: subscriptions.orgId })
    .from(subscriptions)
    .where(eq(subscriptions.gatewayCustomerId, customerId))
    .limit(1);
  return row?.orgId;
}

/** Subscriptions whose period (or trial) has ended, oldest first, across organisations. */
export async function listDueSubscriptions(db: Database, now: Date, limit: number) {
  return db
    .select()
    .from(subscriptions)
    .where(
      and(
        lte(subscriptions.currentPeriodEnd, now.toISOString()),
        inArray(subscriptions.status, ['trialing', 'active', 'past_due']),
        // A trial that ended unpaid stays past due until someone subscribes: nothing to renew.
        or(isNotNull(subscriptions.gatewaySubscriptionId), ne(subscriptions.status, 'past_due')),
      ),
    )
    .orderBy(asc(subscriptions.currentPeriodEnd))
    .limit(limit);
}

/** Records a gateway event; false when it was recorded before (a replay). */
export async function recordGatewayEvent(
  db: Database,
  event: { orgId: string; id: string; type: string },
): Promise<boolean> {
  const inserted = await db
    .insert(gatewayEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ id: gatewayEvents.id });
  return inserted.length > 0;
}

/**
 * The invoice by its gateway id: inserted, or brought up to date. Paid and void are final, so an
 * older event (a failed attempt delivered after the payment) never reopens it. Returns the row.
 */
export async function upsertInvoice(db: Database, row: NewInvoice): Promise<InvoiceRow> {
  const [stored] = await db
    .insert(invoices)
    .values(row)
    .onConflictDoUpdate({
      target: [invoices.orgId, invoices.gatewayInvoiceId],
      set: {
        status: sql`case when ${invoices.status} in ('paid', 'void') then ${invoices.status} else excluded.status end`,
        paidAt: sql`coalesce(${invoices.paidAt}, excluded.paid_at)`,
        lines: sql`excluded.lines`,
        totalMinor: sql`excluded.total_minor`,
        hostedInvoiceUrl: sql`coalesce(excluded.hosted_invoice_url, ${invoices.hostedInvoiceUrl})`,
        invoicePdfUrl: sql`coalesce(excluded.invoice_pdf_url, ${invoices.invoicePdfUrl})`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return stored!;
}

export async function findInvoice(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, id)));
  return row;
}

export async function countOpenInvoices(db: Database, orgId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(invoices)
    .where(and(eq(invoices.orgId, orgId), eq(invoices.status, 'open')));
  return row?.count ?? 0;
}

export async function listInvoices(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; status?: string; limit: number },
) {
  const conditions: SQL[] = [eq(invoices.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(invoices.id, filter.beforeId));
  if (filter.status) conditions.push(eq(invoices.status, filter.status));
  return db
    .select()
    .from(invoices)
    .where(and(...conditions))
    .orderBy(desc(invoices.id))
    .limit(filter.limit);
}

import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { keysetAfter, keysetOrder, type Keyset } from '../../../platform/db/keyset.js';
import { deals, expectedClose } from './crm.tables.js';

export type DealRow = typeof deals.$inferSelect;

export async function insertDeal(db: Database, row: typeof deals.$inferInsert): Promise<DealRow> {
  const [inserted] = await db.insert(deals).values(row).returning();
  return inserted!;
}

export async function findDeal(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.id, id)));
  return row;
}

export async function updateDeal(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Omit<DealRow, 'orgId' | 'id' | 'createdAt'>>,
) {
  const [row] = await db
    .update(deals)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(deals.orgId, orgId), eq(deals.id, id)))
    .returning();
  return row;
}

export interface DealFilter {
  pipelineId?: string;
  stageId?: string;
  status?: string;
  contactId?: string;
  companyId?: string;
  campaignId?: string;
}

export const dealSortFields = ['created', 'amount', 'updated', 'expected_close'] as const;
export type DealSortField = (typeof dealSortFields)[number];

export interface DealPage {
  sort?: { field: DealSortField; descending: boolean };
  after?: { value: string | number; id: string };
  limit: number;
}

const dealSortKeys = {
  created: deals.id,
  amount: deals.amountMinor,
  updated: deals.updatedAt,
  expected_close: expectedClose(deals),
} satisfies Record<DealSortField, Keyset['key']>;

/** A row's value of the sort key, as its cursor remembers it. */
export function dealSortValue(row: DealRow, field: DealSortField): string | number {
  if (field === 'amount') return row.amountMinor;
  if (field === 'updated') return row.updatedAt;
  if (field === 'expected_close') return row.expectedCloseOn ?? '9999-12-31';
  return row.id;
}

/** One page of deals in the requested order (newest first by default), keyset-paginated. */
export async function listDeals(db: Database, orgId: string, filter: DealFilter, page: DealPage) {
  const { field, descending } = page.sort ?? { field: 'created', descending: true };
  const keyset: Keyset = { key: dealSortKeys[field], id: deals.id, descending };
  const conditions: SQL[] = [eq(deals.orgId, orgId)];
  if (filter.pipelineId) conditions.push(eq(deals.pipelineId, filter.pipelineId));
  if (filter.stageId) conditions.push(eq(deals.stageId, filter.stageId));
  if (filter.status) conditions.push(eq(deals.status, filter.status));
  if (filter.contactId) conditions.push(eq(deals.contactId, filter.contactId));
  if (filter.companyId) conditions.push(eq(deals.companyId, filter.companyId));
  if (filter.campaignId) conditions.push(eq(deals.campaignId, filter.campaignId));
  if (page.after) conditions.push(keysetAfter(keyset, page.after));
  return db
    .select()
    .from(deals)
    .where(and(...conditions))
    .orderBy(...keysetOrder(keyset))
    .limit(page.limit);
}

export interface SalesRow {
  key: string | null;
  currency: string;
  orders: number;
  amountMinor: number;
}

/**
 * Won deals (the sales) in `[from, to)`, grouped by campaign, month or nothing, per currency.
 * Amounts of different currencies are never added together.
 */
export async function salesSummary(
  db: Database,
  orgId: string,
  query: { from: string; to: string; campaignId?: string; groupBy: 'campaign' | 'month' | 'none' },
): Promise<SalesRow[]> {
  const conditions: SQL[] = [
    eq(deals.orgId, orgId),
    eq(deals.status, 'won'),
    gte(deals.wonAt, query.from),
    lt(deals.wonAt, query.to),
  ];
  if (query.campaignId) conditions.push(eq(deals.campaignId, query.campaignId));
  const key =
    query.groupBy === 'campaign'
      ? sql<string | null>`${deals.campaignId}::text`
      : query.groupBy === 'month'
        ? sql<string>`to_char(${deals.wonAt} at time zone 'UTC', 'YYYY-MM')`
        : sql<string | null>`null::text`;
  const rows = await db
    .select({
      key,
      currency: deals.currency,
      orders: sql<number>`count(*)::int`,
      amountMinor: sql<string>`sum(${deals.amountMinor})::text`,
    })
    .from(deals)
    .where(and(...conditions))
    .groupBy(key, deals.currency)
    .orderBy(key, deals.currency);
  return rows.map((row) => ({ ...row, amountMinor: Number(row.amountMinor) }));
}

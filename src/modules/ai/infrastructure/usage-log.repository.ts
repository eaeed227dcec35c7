import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { monthBounds, type UsageSummary } from '../domain/usage.js';
import { usageLog } from './ai.tables.js';

export type UsageRow = typeof usageLog.$inferSelect;

export interface UsageFilter {
  purpose?: string;
  provider?: string;
  outcome?: string;
  from?: string;
  to?: string;
  /** Rows strictly older than this id (keyset pagination; UUIDv7 ids sort by time). */
  beforeId?: string;
  limit: number;
}

/** Reads of the usage log, always within one organisation. */
export async function listUsage(
  db: Database,
  orgId: string,
  filter: UsageFilter,
): Promise<UsageRow[]> {
  const conditions: SQL[] = [eq(usageLog.orgId, orgId)];
  if (filter.purpose) conditions.push(eq(usageLog.purpose, filter.purpose));
  if (filter.provider) conditions.push(eq(usageLog.provider, filter.provider));
  if (filter.outcome) conditions.push(eq(usageLog.outcome, filter.outcome));
  if (filter.from) conditions.push(gte(usageLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(usageLog.createdAt, filter.to));
  if (filter.beforeId) conditions.push(lt(usageLog.id, filter.beforeId));
  return db
    .select()
    .from(usageLog)
    .where(and(...conditions))
    .orderBy(desc(usageLog.id))
    .limit(filter.limit);
}

const totals = {
  calls: sql<number>`count(*)::int`,
  tokensIn: sql<number>`coalesce(sum(${usageLog.tokensIn}), 0)::int`,
  tokensOut: sql<number>`coalesce(sum(${usageLog.tokensOut}), 0)::int`,
  costMicros: sql<number>`coalesce(sum(${usageLog.costMicros}), 0)::bigint`,
};

/** Totals of one organisation for one UTC month, overall and by purpose and by model. */
export async function summariseUsage(
  db: Database,
  orgId: string,
  month: string,
): Promise<UsageSummary> {
  const { from, to } = monthBounds(month);
  const inMonth = and(
    eq(usageLog.orgId, orgId),
    gte(usageLog.createdAt, from),
    lt(usageLog.createdAt, to),
  );
  const [overall] = await db
    .select({
      ...totals,
      cached: sql<number>`count(*) filter (where ${usageLog.outcome} = 'cached')::int`,
      errors: sql<number>`count(*) filter (where ${usageLog.outcome} like 'error:%')::int`,
    })
    .from(usageLog)
    .where(inMonth);
  const byPurpose = await db
    .select({ purpose: usageLog.purpose, ...totals })
    .from(usageLog)
    .where(inMonth)
    .groupBy(usageLog.purpose)
    .orderBy(usageLog.purpose);
  const byModel = await db
    .select({ provider: usageLog.provider, model: usageLog.model, ...totals })
    .from(usageLog)
    .where(inMonth)
    .groupBy(usageLog.provider, usageLog.model)
    .orderBy(usageLog.provider, usageLog.model);
  const number = <T extends { costMicros: number }>(row: T): T => ({
    ...row,
    costMicros: Number(row.costMicros),
  });
  return {
    orgId,
    month,
    totals: number(
      overall ?? { calls: 0, tokensIn: 0, tokensOut: 0, costMicros: 0, cached: 0, errors: 0 },
    ),
    byPurpose: byPurpose.map(number),
    byModel: byModel.map(number),
  };
}

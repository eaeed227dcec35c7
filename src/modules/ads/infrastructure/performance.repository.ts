import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, DatabaseHandle } from '../../../platform/db/database.js';
import { recordsetInsert } from '../../../platform/db/recordset-insert.js';
import type { ChannelMetricsRow } from '../domain/channel-adapter.js';
import { adSets, ads, conversions, performanceDaily, trackingDaily } from './ads.tables.js';

export interface FactContext {
  orgId: string;
  adId: string;
  campaignId: string;
  channel: string;
  currency: string;
}

/** What a channel reported for one ad. */
export interface AdFacts {
  context: FactContext;
  rows: readonly ChannelMetricsRow[];
}

type FactRow = Omit<typeof performanceDaily.$inferInsert, 'updatedAt'>;

const insertFacts = recordsetInsert<FactRow>(performanceDaily, [
  'orgId',
  'adId',
  'campaignId',
  'channel',
  'country',
  'city',
  'day',
  'impressions',
  'reach',
  'clicks',
  'reactions',
  'interactions',
  'exposureSeconds',
  'conversions',
  'costMinor',
  'revenueMinor',
  'currency',
]);

/** Rows per statement: a delivery page's reports in a few statements, each well under 1 MB. */
const defaultFactsPerStatement = 2_000;

/**
 * Writes the channels' numbers for each (ad, market, day) of many ads: the same report twice is
 * one row. A delivery page's ads share a few statements instead of one round trip and one commit
 * each, which had made the database the bottleneck of a 20,000-campaign tick.
 */
export async function upsertFacts(
  db: Database,
  reports: readonly AdFacts[],
  factsPerStatement = defaultFactsPerStatement,
): Promise<void> {
  const byKey = new Map<string, FactRow>();
  for (const { context, rows } of reports)
    for (const { market, day, metrics } of rows) {
      const row = { ...context, country: market.country, city: market.city, day, ...metrics };
      // One statement may not update a row twice: a repeated market and day keeps the last report.
      byKey.set(
        `${row.orgId}/${row.adId}/${row.channel}/${row.country}/${row.city}/${row.day}`,
        row,
      );
    }
  const values = [...byKey.values()];
  for (let from = 0; from < values.length; from += factsPerStatement)
    await db.execute(
      sql`${insertFacts(values.slice(from, from + factsPerStatement))}
        on conflict (org_id, ad_id, channel, country, city, day) do update set
          impressions = excluded.impressions, reach = excluded.reach, clicks = excluded.clicks,
          reactions = excluded.reactions, interactions = excluded.interactions,
          exposure_seconds = excluded.exposure_seconds, conversions = excluded.conversions,
          cost_minor = excluded.cost_minor, revenue_minor = excluded.revenue_minor,
          updated_at = now()`,
    );
}

/** Adds first-party clicks/conversions to the live per-ad-per-day counters. */
export async function addTracking(
  db: Database,
  rows: readonly {
    orgId: string;
    adId: string;
    campaignId: string;
    channel: string;
    day: string;
    clicks?: number;
    conversions?: number;
    revenueMinor?: number;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(trackingDaily)
    .values(
      rows.map((row) => ({
        ...row,
        clicks: row.clicks ?? 0,
        conversions: row.conversions ?? 0,
        revenueMinor: row.revenueMinor ?? 0,
      })),
    )
    .onConflictDoUpdate({
      target: [trackingDaily.orgId, trackingDaily.adId, trackingDaily.day],
      set: {
        clicks: sql`${trackingDaily.clicks} + excluded.clicks`,
        conversions: sql`${trackingDaily.conversions} + excluded.conversions`,
        revenueMinor: sql`${trackingDaily.revenueMinor} + excluded.revenue_minor`,
        updatedAt: sql`now()`,
      },
    });
}

export type GroupBy = 'day' | 'channel' | 'country' | 'city' | 'ad' | 'campaign';

export interface PerformanceFilter {
  orgId: string;
  from: string;
  to: string;
  campaignId?: string;
  adId?: string;
  channel?: string;
}

export interface FactGroup {
  key: Record<string, string>;
  impressions: number;
  reach: number;
  clicks: number;
  reactions: number;
  interactions: number;
  exposureSeconds: number;
  conversions: number;
  costMinor: number;
  revenueMinor: number;
}

const n = (value: unknown) => Number(value ?? 0);

/** Channel facts summed by one dimension over a date range (reads the daily rollup only). */
export async function sumFacts(
  db: Database,
  filter: PerformanceFilter,
  groupBy: GroupBy,
): Promise<FactGroup[]> {
  const t = performanceDaily;
  const conditions: SQL[] = [
    eq(t.orgId, filter.orgId),
    gte(t.day, filter.from),
    lte(t.day, filter.to),
  ];
  if (filter.campaignId) conditions.push(eq(t.campaignId, filter.campaignId));
  if (filter.adId) conditions.push(eq(t.adId, filter.adId));
  if (filter.channel) conditions.push(eq(t.channel, filter.channel));
  const keys: Record<string, SQL | typeof t.day> = {
    day: sql`${t.day}::text`,
    channel: sql`${t.channel}`,
    country: sql`${t.country}`,
    city: sql`${t.country} || '/' || ${t.city}`,
    ad: sql`${t.adId}::text`,
    campaign: sql`${t.campaignId}::text`,
  };
  const key = keys[groupBy]!;
  const rows = await db
    .select({
      key: sql<string>`${key}`,
      impressions: sql`sum(${t.impressions})`,
      reach: sql`sum(${t.reach})`,
      clicks: sql`sum(${t.clicks})`,
      reactions: sql`sum(${t.reactions})`,
      interactions: sql`sum(${t.interactions})`,
      exposureSeconds: sql`sum(${t.exposureSeconds})`,
      conversions: sql`sum(${t.conversions})`,
      costMinor: sql`sum(${t.costMinor})`,
      revenueMinor: sql`sum(${t.revenueMinor})`,
    })
    .from(t)
    .where(and(...conditions))
    .groupBy(sql`1`);
  return rows.map((row) => ({
    key: { [groupBy]: String(row.key) },
    impressions: n(row.impressions),
    reach: n(row.reach),
    clicks: n(row.clicks),
    reactions: n(row.reactions),
    interactions: n(row.interactions),
    exposureSeconds: n(row.exposureSeconds),
    conversions: n(row.conversions),
    costMinor: n(row.costMinor),
    revenueMinor: n(row.revenueMinor),
  }));
}

/**
 * First-party counters by the same dimension. Tracking has no market: by country or city they
 * fall in the `unattributed` group.
 */
export async function sumTracking(db: Database, filter: PerformanceFilter, groupBy: GroupBy) {
  const t = trackingDaily;
  const conditions: SQL[] = [
    eq(t.orgId, filter.orgId),
    gte(t.day, filter.from),
    lte(t.day, filter.to),
  ];
  if (filter.campaignId) conditions.push(eq(t.campaignId, filter.campaignId));
  if (filter.adId) conditions.push(eq(t.adId, filter.adId));
  if (filter.channel) conditions.push(eq(t.channel, filter.channel));
  const keys: Record<GroupBy, SQL> = {
    day: sql`${t.day}::text`,
    channel: sql`${t.channel}`,
    country: sql`'unattributed'`,
    city: sql`'unattributed'`,
    ad: sql`${t.adId}::text`,
    campaign: sql`${t.campaignId}::text`,
  };
  const rows = await db
    .select({
      key: sql<string>`${keys[groupBy]}`,
      clicks: sql`sum(${t.clicks})`,
      conversions: sql`sum(${t.conversions})`,
      revenueMinor: sql`sum(${t.revenueMinor})`,
    })
    .from(t)
    .where(and(...conditions))
    .groupBy(sql`1`);
  return rows.map((row) => ({
    key: { [groupBy]: String(row.key) },
    clicks: n(row.clicks),
    conversions: n(row.conversions),
    revenueMinor: n(row.revenueMinor),
  }));
}

/**
 * Adds up to `limit` not yet counted conversions to the live counters and marks them counted,
 * in one statement: exactly once however many processes run it (rows another one holds are
 * skipped, rows it committed are no longer `counted_at is null`). Returns how many it took.
 */
export async function countPendingConversions(
  database: Pick<DatabaseHandle, 'query'>,
  limit: number,
): Promise<number> {
  const rows = await database.query<{ conversions: number | string }>(sql`
    with picked as (
      select org_id, id from ${conversions}
      where counted_at is null
      order by org_id, id
      limit ${limit}
      for update skip locked
    ), counted as (
      update ${conversions} c set counted_at = now()
      from picked
      where c.org_id = picked.org_id and c.id = picked.id
      returning c.org_id, c.ad_id, c.campaign_id, c.occurred_at, c.value_minor
    ), totals as (
      select counted.org_id, counted.ad_id, counted.campaign_id,
             (counted.occurred_at at time zone 'UTC')::date as day,
             count(*) as conversions, sum(counted.value_minor) as revenue_minor
      from counted
      group by 1, 2, 3, 4
    ), added as (
      insert into ${trackingDaily} as t
        (org_id, ad_id, campaign_id, channel, day, clicks, conversions, revenue_minor)
      select totals.org_id, totals.ad_id, totals.campaign_id, coalesce(s.channel, 'unknown'),
             totals.day, 0, totals.conversions, totals.revenue_minor
      from totals
      left join ${ads} a on a.org_id = totals.org_id and a.id = totals.ad_id
      left join ${adSets} s on s.org_id = a.org_id and s.id = a.ad_set_id
      -- One order for every process: concurrent flushes lock counter rows without deadlocks.
      order by totals.org_id, totals.ad_id, totals.day
      on conflict (org_id, ad_id, day) do update set
        conversions = t.conversions + excluded.conversions,
        revenue_minor = t.revenue_minor + excluded.revenue_minor,
        updated_at = now()
      returning 1
    )
    select coalesce(sum(conversions), 0) as conversions from totals`);
  return Number(rows[0]?.conversions ?? 0);
}

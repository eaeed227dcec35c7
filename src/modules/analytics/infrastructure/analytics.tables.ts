import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
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

export const analyticsSchema = pgSchema('analytics');

/** One bigint sum per stored measure, each owned by one source (the store's and rollup's columns). */
const measureColumns = () => ({
  // ads.performance_daily (the channels' reports)
  impressions: bigint({ mode: 'number' }).notNull().default(0),
  reach: bigint({ mode: 'number' }).notNull().default(0),
  clicks: bigint({ mode: 'number' }).notNull().default(0),
  conversions: bigint({ mode: 'number' }).notNull().default(0),
  spendMinor: bigint({ mode: 'number' }).notNull().default(0),
  reactions: bigint({ mode: 'number' }).notNull().default(0),
  // ads.tracking_daily (first-party tracked links and signed conversions)
  trackedClicks: bigint({ mode: 'number' }).notNull().default(0),
  trackedConversions: bigint({ mode: 'number' }).notNull().default(0),
  // ads.sentiment_daily (comments and influencer posts)
  commentsPositive: bigint({ mode: 'number' }).notNull().default(0),
  commentsNeutral: bigint({ mode: 'number' }).notNull().default(0),
  commentsNegative: bigint({ mode: 'number' }).notNull().default(0),
  influencerReactions: bigint({ mode: 'number' }).notNull().default(0),
  // crm.contacts and crm.deals
  leads: bigint({ mode: 'number' }).notNull().default(0),
  dealsWon: bigint({ mode: 'number' }).notNull().default(0),
  revenueWonMinor: bigint({ mode: 'number' }).notNull().default(0),
});

/**
 * The summary store: one row per organisation × day × campaign × channel × country × city ×
 * content asset × currency, with every source's sums side by side. Unknown members are stored as
 * '' (channel, country, city, currency) or the nil UUID (campaign, asset), so the key stays
 * NOT NULL and each cell has exactly one row. Money is in minor units of the row's currency; rows
 * without money carry currency ''. Each source owns its columns: the ETL recomputes them from the
 * source, never adds deltas.
 */
export const dailyFacts = analyticsSchema.table(
  'daily_facts',
  {
    orgId: uuid().notNull(),
    day: date({ mode: 'string' }).notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    country: text().notNull(),
    city: text().notNull(),
    assetId: uuid().notNull(),
    currency: text().notNull(),
    ...measureColumns(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    // Every query names the organisation and a date range: the key's prefix serves it.
    primaryKey({
      columns: [
        table.orgId,
        table.day,
        table.campaignId,
        table.channel,
        table.country,
        table.city,
        table.assetId,
        table.currency,
      ],
    }),
    // A campaign's cells (campaign filters; the ETL's recompute of a campaign's days).
    index('daily_facts_campaign_idx').on(table.orgId, table.campaignId, table.day),
    index('daily_facts_channel_idx').on(table.orgId, table.channel, table.day),
    index('daily_facts_country_idx').on(table.orgId, table.country, table.day),
  ],
);

/**
 * The store rolled up without city and content asset: one row per organisation × day × campaign ×
 * channel × country × currency. It answers every query that neither groups nor filters by city
 * or asset (the dashboard's figures, trend and channel, country and campaign breakdowns), reading
 * a fraction of the rows where markets are city-level (ADR 0014). The ETL rewrites a scope's rows
 * from `daily_facts` in the transaction that changed them, so both always agree.
 */
export const campaignDailyFacts = analyticsSchema.table(
  'campaign_daily_facts',
  {
    orgId: uuid().notNull(),
    day: date({ mode: 'string' }).notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    country: text().notNull(),
    currency: text().notNull(),
    ...measureColumns(),
  },
  (table) => [
    primaryKey({
      columns: [
        table.orgId,
        table.day,
        table.campaignId,
        table.channel,
        table.country,
        table.currency,
      ],
    }),
    // Campaign filters, and the ETL's rewrite of a campaign's days.
    index('campaign_daily_facts_campaign_idx').on(table.orgId, table.campaignId, table.day),
  ],
);

/**
 * The store rolled up to the organisation: one row per organisation × day × channel × country ×
 * currency, all campaigns together. It answers the dashboard's whole-organisation figures, trend
 * and channel and country breakdowns (no campaign, city or asset named) from a few hundred rows a
 * day instead of one per campaign: at 10 million ad events the campaign rollup still held some
 * 100,000 rows per 90 days (ADR 0014). The ETL rewrites the days a batch touched from
 * `campaign_daily_facts`, in the same transaction.
 */
export const organizationDailyFacts = analyticsSchema.table(
  'organization_daily_facts',
  {
    orgId: uuid().notNull(),
    day: date({ mode: 'string' }).notNull(),
    channel: text().notNull(),
    country: text().notNull(),
    currency: text().notNull(),
    ...measureColumns(),
  },
  (table) => [
    primaryKey({
      columns: [table.orgId, table.day, table.channel, table.country, table.currency],
    }),
  ],
);

/** How far each source has been read: the next run reads rows changed after `watermark`. */
export const watermarks = analyticsSchema.table('watermarks', {
  source: text().primaryKey(),
  watermark: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

export interface SourceCounts {
  rowsRead: number;
  rowsWritten: number;
}

/**
 * One ETL run (scheduled, manual or the first after a seed). `slot` numbers the 11-minute period
 * a scheduled run belongs to: unique, so two workers never run the same period twice.
 */
export const etlRuns = analyticsSchema.table(
  'etl_runs',
  {
    id: uuid().primaryKey(),
    trigger: text().notNull(),
    slot: bigint({ mode: 'number' }),
    status: text().notNull(),
    startedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    finishedAt: timestamp({ withTimezone: true, mode: 'string' }),
    durationMs: integer(),
    /** Totals over all organisations, per source (operators' view; the API shows the caller's). */
    sources: jsonb().$type<Record<string, SourceCounts>>().notNull().default({}),
    error: text(),
  },
  (table) => [
    uniqueIndex('etl_runs_slot_idx')
      .on(table.slot)
      .where(sql`${table.slot} is not null`),
    index('etl_runs_started_idx').on(table.startedAt, table.id),
  ],
);

/** A run's counts for one organisation, per source: what `GET /analytics/etl-runs` shows it. */
export const etlRunOrgs = analyticsSchema.table(
  'etl_run_orgs',
  {
    orgId: uuid().notNull(),
    runId: uuid().notNull(),
    sources: jsonb().$type<Record<string, SourceCounts>>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.runId] })],
);

/**
 * Bumped whenever an organisation's facts change: query results are cached under it, so a
 * change is visible at once without deleting cached entries.
 */
export const dataVersions = analyticsSchema.table('data_versions', {
  orgId: uuid().primaryKey(),
  version: bigint({ mode: 'number' }).notNull(),
  updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { demoOrganizationId } from '../src/modules/identity/index.js';
import { runEtl } from '../src/modules/analytics/index.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import type { Runtime } from '../src/platform/runtime.js';

/**
 * The `analytics-10m` scenario's data (issue #14 item 7: "10 million ad events for one
 * organisation"). An ad event here is one row the analytics ETL reads: one ad's delivery report
 * for one market on one day in `ads.performance_daily` (the channel's impressions, clicks,
 * conversions and cost of that ad there that day). The bench spreads `count` of them over the
 * demo organisation's ads, each over its campaign's days up to yesterday, adding markets ("Zone
 * n" cities of the campaign's countries) until the count is reached, with set-based SQL. That is
 * the store's worst case: city is part of its key, so only an ad set's A/B variants share a cell.
 */

interface ScaleFigures {
  events: number;
  seedMs: number;
  storeRows: number;
  firstEtlMs: number;
}

let figures: ScaleFigures | undefined;

export async function seedAnalyticsEvents(runtime: Runtime, count: number): Promise<void> {
  const orgId = await demoOrganizationId(runtime);
  if (!orgId) throw new Error('analytics-10m: the demo organisation is missing');
  const started = Date.now();
  const query = runtime.database.query.bind(runtime.database);
  // Event i belongs to ad (i mod ads), its slot j = i / ads being day (j mod days) of the ad's
  // campaign in market j / days: each ad generates its own slots (no join over the events).
  await query(sql`
    with ad as (
      select a.id, a.campaign_id, s.channel, c.currency, c.countries, c.start_date,
             least(c.end_date, current_date - 1) - c.start_date + 1 as days,
             row_number() over (order by a.id) - 1 as n
      from ads.ads a
      join ads.ad_sets s on s.org_id = a.org_id and s.id = a.ad_set_id
      join ads.campaigns c on c.org_id = a.org_id and c.id = a.campaign_id
      where a.org_id = ${orgId} and c.start_date < current_date
    ),
    sized as (select count(*) as ads from ad)
    insert into ads.performance_daily (org_id, ad_id, campaign_id, channel, country, city, day,
      impressions, reach, clicks, reactions, interactions, exposure_seconds, conversions,
      cost_minor, revenue_minor, currency, updated_at)
    select ${orgId}::uuid, ad.id, ad.campaign_id, ad.channel,
           ad.countries[1 + (j / ad.days) % array_length(ad.countries, 1)],
           'Zone ' || (j / ad.days), ad.start_date + (j % ad.days)::int,
           1000 + i % 997, 800 + i % 701, 10 + i % 89, i % 37, i % 53, i % 4001, i % 7,
           500 + i % 2003, 0, ad.currency, now() - interval '1 hour'
    from sized cross join ad
    cross join lateral generate_series(0, (${count - 1}::bigint - ad.n) / sized.ads) as j
    cross join lateral (select j * sized.ads + ad.n as i) event`);
  // The history was written before the store's first run, as in production: a delta run's
  // 5-minute overlap must not read the demo's just-seeded rows again.
  for (const table of ['performance_daily', 'tracking_daily', 'sentiment_daily'])
    await query(sql`
      update ${sql.identifier('ads')}.${sql.identifier(table)}
      set updated_at = now() - interval '1 hour'
      where org_id = ${orgId} and updated_at > now() - interval '1 hour'`);
  await query(sql`analyze ads.performance_daily`);
  const [row] = await query<{ events: number }>(
    sql`select count(*)::int as events from ads.performance_daily
        where org_id = ${orgId} and city like 'Zone %'`,
  );
  figures = { events: row?.events ?? 0, seedMs: Date.now() - started, storeRows: 0, firstEtlMs: 0 };
  runtime.log.warn(figures, 'bench: analytics events seeded');
}

/** Called once the first ETL run has filled the store from the seeded events. */
export async function recordFirstEtl(runtime: Runtime, ms: number): Promise<void> {
  if (!figures) return;
  const [row] = await runtime.database.query<{ rows: number }>(
    sql`select count(*)::int as rows from analytics.daily_facts`,
  );
  await runtime.database.query(sql`analyze analytics.daily_facts`);
  figures = { ...figures, firstEtlMs: ms, storeRows: row?.rows ?? 0 };
}

/**
 * One 11-minute delta: the channels restate yesterday's and the day before's reports of every ad
 * (what the minute deliveries and the daily report corrections write in such a period), then one
 * ETL run reads and folds in exactly those rows.
 */
async function runDelta(runtime: Runtime) {
  const orgId = await demoOrganizationId(runtime);
  const [changed] = await runtime.database.query<{ rows: number }>(sql`
    with updated as (
      update ads.performance_daily
      set clicks = clicks + 1, cost_minor = cost_minor + 25, updated_at = now()
      where org_id = ${orgId} and day >= current_date - 2
      returning 1)
    select count(*)::int as rows from updated`);
  const started = Date.now();
  const result = await runEtl(runtime, { trigger: 'manual' });
  return {
    changedRows: changed?.rows ?? 0,
    etlMs: Date.now() - started,
    rowsRead: result?.sources['ads.performance']?.rowsRead ?? 0,
    rowsWritten: result?.sources['ads.performance']?.rowsWritten ?? 0,
  };
}

const routes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  app.get(
    '/bench/analytics-scale',
    { config: { public: true }, schema: { hide: true } },
    async () => figures ?? { events: 0, seedMs: 0, storeRows: 0, firstEtlMs: 0 },
  );
  app.post(
    '/bench/analytics-scale/delta',
    { config: { public: true }, schema: { hide: true } },
    async () => runDelta(runtime),
  );
};

export const analyticsScaleBenchModule: ModuleDefinition = {
  name: 'bench-analytics-scale',
  routes,
};

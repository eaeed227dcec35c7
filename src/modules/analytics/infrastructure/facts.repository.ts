import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { rowsOf } from '../../../platform/db/raw-result.js';
import type { BaseMeasure, DimensionName, FilterableDimension } from '../domain/catalog.js';
import type { FactGroup } from '../domain/report.js';
import { noId, type FactRow, type FactScope } from '../domain/fact-row.js';
import { grainFor, type StoreGrain } from '../domain/store-grain.js';
import {
  campaignDailyFacts,
  dailyFacts,
  dataVersions,
  organizationDailyFacts,
} from './analytics.tables.js';

const columnOf: Record<BaseMeasure, string> = {
  impressions: 'impressions',
  reach: 'reach',
  clicks: 'clicks',
  conversions: 'conversions',
  spendMinor: 'spend_minor',
  reactions: 'reactions',
  trackedClicks: 'tracked_clicks',
  trackedConversions: 'tracked_conversions',
  commentsPositive: 'comments_positive',
  commentsNeutral: 'comments_neutral',
  commentsNegative: 'comments_negative',
  influencerReactions: 'influencer_reactions',
  leads: 'leads',
  dealsWon: 'deals_won',
  revenueWonMinor: 'revenue_won_minor',
};
const allColumns = Object.values(columnOf);
const keyColumns = [
  'org_id',
  'day',
  'campaign_id',
  'channel',
  'country',
  'city',
  'asset_id',
  'currency',
];

const rollupKey = ['org_id', 'day', 'campaign_id', 'channel', 'country', 'currency'];
const organizationKey = ['org_id', 'day', 'channel', 'country', 'currency'];

const tableOf: Record<
  StoreGrain,
  typeof dailyFacts | typeof campaignDailyFacts | typeof organizationDailyFacts
> = {
  cell: dailyFacts,
  campaign: campaignDailyFacts,
  organization: organizationDailyFacts,
};

const idOrEmpty = (column: string) =>
  sql.raw(`case when ${column} = '${noId}' then '' else ${column}::text end`);

const dimensionSql: Record<DimensionName, SQL> = {
  day: sql`day::text`,
  week: sql`date_trunc('week', day)::date::text`,
  month: sql`to_char(day, 'YYYY-MM')`,
  campaign: idOrEmpty('campaign_id'),
  channel: sql`channel`,
  country: sql`country`,
  city: sql`city`,
  asset: idOrEmpty('asset_id'),
};

const filterColumn: Record<FilterableDimension, SQL> = {
  campaign: sql`campaign_id`,
  asset: sql`asset_id`,
  channel: sql`channel`,
  country: sql`country`,
  city: sql`city`,
};

export interface FactQuery {
  orgId: string;
  from: string;
  to: string;
  dimensions: readonly DimensionName[];
  measures: readonly BaseMeasure[];
  filters: readonly {
    dimension: FilterableDimension;
    operator: 'in' | 'notIn';
    values: readonly string[];
  }[];
  /** Groups read at most (the caller refuses a query that reaches it). */
  maxGroups: number;
}

/**
 * Sums of the measures by the dimensions and currency, for one organisation and date range, from
 * the coarsest table that holds the query's dimensions and filters.
 */
export async function sumFacts(db: Database, query: FactQuery): Promise<FactGroup[]> {
  const table =
    tableOf[
      grainFor(
        query.dimensions,
        query.filters.map((filter) => filter.dimension),
      )
    ];
  const conditions: SQL[] = [
    sql`org_id = ${query.orgId}`,
    sql`day between ${query.from} and ${query.to}`,
  ];
  for (const filter of query.filters) {
    const ids = filter.dimension === 'campaign' || filter.dimension === 'asset';
    const values = filter.values.map((value) => (ids && value === '' ? noId : value));
    // Id columns compare as uuid, so their indexes serve the filter.
    const list = ids
      ? sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`
      : sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
    conditions.push(
      filter.operator === 'in'
        ? sql`${filterColumn[filter.dimension]} in ${list}`
        : sql`${filterColumn[filter.dimension]} not in ${list}`,
    );
  }
  const selected = [
    ...query.dimensions.map((name) => sql`${dimensionSql[name]} as ${sql.identifier(name)}`),
    sql`currency`,
    ...query.measures.map(
      (measure) => sql`sum(${sql.raw(columnOf[measure])}) as ${sql.identifier(measure)}`,
    ),
  ];
  const groupBy = [
    ...query.dimensions.map((_, index) => sql.raw(String(index + 1))),
    sql`currency`,
  ];
  const rows = rowsOf<Record<string, string | number>>(
    await db.execute(sql`
      select ${sql.join(selected, sql`, `)}
      from ${table}
      where ${sql.join(conditions, sql` and `)}
      group by ${sql.join(groupBy, sql`, `)}
      limit ${query.maxGroups}`),
  );
  return rows.map((row) => ({
    dimensions: Object.fromEntries(query.dimensions.map((name) => [name, String(row[name])])),
    currency: String(row.currency),
    sums: Object.fromEntries(query.measures.map((measure) => [measure, Number(row[measure] ?? 0)])),
  }));
}

export interface ReplaceResult {
  /** Rows inserted, changed or cleared, per organisation. */
  writtenByOrg: Map<string, number>;
}

/**
 * Makes the source's columns in the scope equal `rows`: upserts the rows whose figures differ,
 * zeroes the source's columns in cells of the scope the source no longer has, and deletes cells
 * left with nothing. Running it again with the same rows writes nothing. One transaction.
 */
export async function replaceSourceFacts(
  db: Database,
  measures: readonly BaseMeasure[],
  scope: readonly FactScope[],
  rows: readonly FactRow[],
): Promise<ReplaceResult> {
  const columns = measures.map((measure) => columnOf[measure]);
  const written = new Map<string, number>();
  const count = (result: unknown) => {
    for (const row of rowsOf<{ org_id: string }>(result))
      written.set(row.org_id, (written.get(row.org_id) ?? 0) + 1);
  };
  const list = (names: readonly string[], prefix = '') =>
    sql.raw(names.map((name) => `${prefix}${name}`).join(', '));
  const recordset = sql`jsonb_to_recordset(${JSON.stringify(
    rows.map((row) => ({
      org_id: row.orgId,
      day: row.day,
      campaign_id: row.campaignId,
      channel: row.channel,
      country: row.country,
      city: row.city,
      asset_id: row.assetId,
      currency: row.currency,
      ...Object.fromEntries(measures.map((measure) => [columnOf[measure], row.sums[measure] ?? 0])),
    })),
  )}::jsonb) as r(org_id uuid, day date, campaign_id uuid, channel text, country text, city text,
      asset_id uuid, currency text, ${sql.raw(columns.map((c) => `${c} bigint`).join(', '))})`;
  // Distinct scopes joined to the store through its (org_id, campaign_id, day) index.
  const scopeSet = sql`(select distinct * from jsonb_to_recordset(${JSON.stringify(
    scope.map((s) => ({ org_id: s.orgId, campaign_id: s.campaignId, day: s.day })),
  )}::jsonb) as x(org_id uuid, campaign_id uuid, day date)) s`;
  const inScope = sql`s.org_id = t.org_id and s.campaign_id = t.campaign_id
      and (s.day is null or s.day = t.day)`;
  const zero = sql.raw(columns.map(() => '0').join(', '));
  // The zeroing below compares the scope's cells with the recomputed rows through NOT IN, which
  // PostgreSQL answers with one hash of the rows (no key is ever NULL); NOT EXISTS over the
  // function scan was planned as a nested loop, quadratic in a dense batch (thousands of rows).
  await db.transaction(async (tx) => {
    if (rows.length > 0)
      count(
        await tx.execute(sql`
          insert into ${dailyFacts} as t (${list(keyColumns)}, ${list(columns)})
          select ${list(keyColumns, 'r.')}, ${list(columns, 'r.')} from ${recordset}
          on conflict (${list(keyColumns)}) do update set
            ${sql.raw(columns.map((c) => `${c} = excluded.${c}`).join(', '))}, updated_at = now()
          where (${list(columns, 't.')}) is distinct from (${list(columns, 'excluded.')})
          returning t.org_id`),
      );
    count(
      await tx.execute(sql`
        update ${dailyFacts} t set
          ${sql.raw(columns.map((c) => `${c} = 0`).join(', '))}, updated_at = now()
        from ${scopeSet}
        where ${inScope}
          and (${list(columns, 't.')}) is distinct from (${zero})
          and (${list(keyColumns, 't.')}) not in (select ${list(keyColumns, 'r.')} from ${recordset})
        returning t.org_id`),
    );
    await tx.execute(sql`
      delete from ${dailyFacts} t
      using ${scopeSet}
      where ${inScope}
        and (${list(allColumns, 't.')}) = (${sql.raw(allColumns.map(() => '0').join(', '))})`);
    const orgs = [...written.keys()];
    if (orgs.length > 0) {
      // The rollup's rows of the scope, rewritten from the store's (a batch's scopes are all
      // campaign-days or all whole campaigns, so the join never counts a cell twice).
      const sums = sql.raw(allColumns.map((c) => `sum(t.${c})`).join(', '));
      // The organisation days the scope covers, before its campaign rows are rewritten (a whole
      // campaign's scope may lose days) and after (or gain them).
      const daysBefore = rowsOf<{ org_id: string; day: string }>(
        await tx.execute(sql`
          select distinct t.org_id::text, t.day::text from ${campaignDailyFacts} t
          join ${scopeSet} on ${inScope}`),
      );
      await tx.execute(sql`delete from ${campaignDailyFacts} t using ${scopeSet} where ${inScope}`);
      const daysAfter = rowsOf<{ org_id: string; day: string }>(
        await tx.execute(sql`
          insert into ${campaignDailyFacts} as r (${list(rollupKey)}, ${list(allColumns)})
          select ${list(rollupKey, 't.')}, ${sums}
          from ${dailyFacts} t join ${scopeSet} on ${inScope}
          group by ${list(rollupKey, 't.')}
          returning r.org_id::text, r.day::text`),
      );
      const days = new Map(
        [...daysBefore, ...daysAfter].map((row) => [`${row.org_id}/${row.day}`, row]),
      );
      if (days.size > 0) {
        const daySet = sql`(select distinct * from jsonb_to_recordset(${JSON.stringify([
          ...days.values(),
        ])}::jsonb) as d(org_id uuid, day date)) d`;
        await tx.execute(sql`
          delete from ${organizationDailyFacts} t using ${daySet}
          where t.org_id = d.org_id and t.day = d.day`);
        await tx.execute(sql`
          insert into ${organizationDailyFacts} (${list(organizationKey)}, ${list(allColumns)})
          select ${list(organizationKey, 't.')}, ${sums}
          from ${campaignDailyFacts} t join ${daySet} on t.org_id = d.org_id and t.day = d.day
          group by ${list(organizationKey, 't.')}`);
      }
      await bumpVersions(tx, orgs);
    }
  });
  return { writtenByOrg: written };
}

async function bumpVersions(db: Database, orgIds: readonly string[]): Promise<void> {
  await db.execute(sql`
    insert into ${dataVersions} as v (org_id, version)
    select id::uuid, 1 from jsonb_array_elements_text(${JSON.stringify(orgIds)}::jsonb) as o(id)
    on conflict (org_id) do update set version = v.version + 1, updated_at = now()`);
}

export async function dataVersionOf(db: Database, orgId: string): Promise<number> {
  const rows = rowsOf<{ version: number | string }>(
    await db.execute(sql`select version from ${dataVersions} where org_id = ${orgId}`),
  );
  return Number(rows[0]?.version ?? 0);
}

import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { rowsOf } from '../../../platform/db/raw-result.js';
import {
  ads,
  adSets,
  campaigns,
  performanceDaily,
  sentimentDaily,
  trackingDaily,
} from './ads.tables.js';

/** The three daily rollups the analytics store is fed from. */
export const adsFactSources = ['ads.performance', 'ads.tracking', 'ads.sentiment'] as const;
export type AdsFactSource = (typeof adsFactSources)[number];

export interface AdsCell {
  orgId: string;
  campaignId: string;
  /** YYYY-MM-DD */
  day: string;
}

export interface ChangedAdsCell extends AdsCell {
  /** Source rows of the cell changed in the window. */
  rows: number;
}

/** Facts of one source summed at the analytics grain (ad → its content asset). */
export interface AdsFactRow extends AdsCell {
  channel: string;
  country: string;
  city: string;
  assetId: string | null;
  currency: string;
  metrics: Record<string, number>;
}

const tables = {
  'ads.performance': performanceDaily,
  'ads.tracking': trackingDaily,
  'ads.sentiment': sentimentDaily,
} as const;

/** (organisation, campaign, day) cells with rows written in (since, until]. */
export async function changedCells(
  db: Database,
  source: AdsFactSource,
  since: string,
  until: string,
): Promise<ChangedAdsCell[]> {
  const t = tables[source];
  const rows = rowsOf<{ org_id: string; campaign_id: string; day: string; rows: number | string }>(
    await db.execute(sql`
      select ${t.orgId} as org_id, ${t.campaignId} as campaign_id, ${t.day}::text as day,
             count(*) as rows
      from ${t}
      where ${t.updatedAt} > ${since} and ${t.updatedAt} <= ${until}
      group by 1, 2, 3
      order by 1, 2, 3`),
  );
  return rows.map((row) => ({
    orgId: row.org_id,
    campaignId: row.campaign_id,
    day: row.day,
    rows: Number(row.rows),
  }));
}

const scopeOf = (cells: readonly AdsCell[]): SQL =>
  sql`jsonb_to_recordset(${JSON.stringify(
    cells.map((cell) => ({ org_id: cell.orgId, campaign_id: cell.campaignId, day: cell.day })),
  )}::jsonb) as s(org_id uuid, campaign_id uuid, day date)`;

const metricColumns: Record<AdsFactSource, Record<string, SQL>> = {
  'ads.performance': {
    impressions: sql`sum(f.impressions)`,
    reach: sql`sum(f.reach)`,
    clicks: sql`sum(f.clicks)`,
    conversions: sql`sum(f.conversions)`,
    spendMinor: sql`sum(f.cost_minor)`,
    reactions: sql`sum(f.reactions)`,
  },
  'ads.tracking': {
    trackedClicks: sql`sum(f.clicks)`,
    trackedConversions: sql`sum(f.conversions)`,
  },
  'ads.sentiment': {
    commentsPositive: sql`sum(f.positive)`,
    commentsNeutral: sql`sum(f.neutral)`,
    commentsNegative: sql`sum(f.negative)`,
    influencerReactions: sql`sum(f.influencer_reactions)`,
  },
};

/**
 * Every fact of the source in the given cells, summed by channel, market, content asset and
 * currency. Tracking and sentiment have no market and carry the campaign's currency, so that
 * per-currency ratios (cost per click) count the tracked clicks of the same campaigns.
 */
export async function factsOfCells(
  db: Database,
  source: AdsFactSource,
  cells: readonly AdsCell[],
): Promise<AdsFactRow[]> {
  if (cells.length === 0) return [];
  const t = tables[source];
  const market =
    source === 'ads.performance'
      ? sql`f.country, f.city, f.currency`
      : sql`''::text as country, ''::text as city, coalesce(c.currency, '') as currency`;
  const metrics = metricColumns[source];
  const names = Object.keys(metrics);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      select f.org_id, f.campaign_id, f.day::text as day, f.channel,
             ${market},
             a.content_asset_id as asset_id,
             ${sql.join(
               names.map((name) => sql`${metrics[name]!} as ${sql.identifier(name)}`),
               sql`, `,
             )}
      from ${scopeOf(cells)}
      join ${t} f on f.org_id = s.org_id and f.campaign_id = s.campaign_id and f.day = s.day
      left join ${ads} a on a.org_id = f.org_id and a.id = f.ad_id
      left join ${campaigns} c on c.org_id = f.org_id and c.id = f.campaign_id
      group by 1, 2, 3, 4, 5, 6, 7, 8
      order by 1, 2, 3`),
  );
  return rows.map((row) => ({
    orgId: String(row.org_id),
    campaignId: String(row.campaign_id),
    day: String(row.day),
    channel: String(row.channel),
    country: String(row.country ?? ''),
    city: String(row.city ?? ''),
    currency: String(row.currency ?? ''),
    assetId: row.asset_id === null ? null : String(row.asset_id),
    metrics: Object.fromEntries(names.map((name) => [name, Number(row[name] ?? 0)])),
  }));
}

/** An ad's channel (from its ad set) and content asset, for facts that name only the ad. */
export async function adDimensions(
  db: Database,
  orgId: string,
  adIds: readonly string[],
): Promise<{ adId: string; channel: string; assetId: string | null }[]> {
  if (adIds.length === 0) return [];
  const rows = rowsOf<{ id: string; channel: string; content_asset_id: string | null }>(
    await db.execute(sql`
      select a.id, s.channel, a.content_asset_id
      from ${ads} a
      join ${adSets} s on s.org_id = a.org_id and s.id = a.ad_set_id
      where a.org_id = ${orgId}
        and a.id in (select jsonb_array_elements_text(${JSON.stringify(adIds)}::jsonb)::uuid)`),
  );
  return rows.map((row) => ({
    adId: row.id,
    channel: row.channel,
    assetId: row.content_asset_id,
  }));
}

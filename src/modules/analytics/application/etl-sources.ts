import type { Runtime } from '../../../platform/runtime.js';
import {
  adsAdDimensions,
  adsCellFacts,
  adsChangedCells,
  type AdsFactRow,
  type AdsFactSource,
} from '../../ads/index.js';
import { crmChangedScopes, crmScopeFacts, type CrmFactRow } from '../../crm/index.js';
import type { BaseMeasure } from '../domain/catalog.js';
import { noId, type FactRow, type FactScope } from '../domain/fact-row.js';

/** A source of the summary store: the columns it owns, its changed cells and their facts. */
export interface EtlSource {
  name: string;
  measures: readonly BaseMeasure[];
  /** Scopes with source rows written in (since, until], and how many rows per scope. */
  changed(since: string, until: string): Promise<(FactScope & { rows: number })[]>;
  /** Every fact of the scopes at the store's grain. */
  facts(scopes: readonly FactScope[]): Promise<FactRow[]>;
}

const adsMeasures: Record<AdsFactSource, readonly BaseMeasure[]> = {
  'ads.performance': ['impressions', 'reach', 'clicks', 'conversions', 'spendMinor', 'reactions'],
  'ads.tracking': ['trackedClicks', 'trackedConversions'],
  'ads.sentiment': [
    'commentsPositive',
    'commentsNeutral',
    'commentsNegative',
    'influencerReactions',
  ],
};

const fromAds = (row: AdsFactRow): FactRow => ({
  orgId: row.orgId,
  day: row.day,
  campaignId: row.campaignId,
  channel: row.channel,
  country: row.country,
  city: row.city,
  assetId: row.assetId ?? noId,
  currency: row.currency,
  sums: row.metrics,
});

function adsSource(runtime: Runtime, source: AdsFactSource): EtlSource {
  return {
    name: source,
    measures: adsMeasures[source],
    async changed(since, until) {
      return adsChangedCells(runtime, source, since, until);
    },
    async facts(scopes) {
      const cells = scopes.map((scope) => ({
        orgId: scope.orgId,
        campaignId: scope.campaignId,
        day: scope.day!,
      }));
      return (await adsCellFacts(runtime, source, cells)).map(fromAds);
    },
  };
}

/** Leads and deals name their ad; the ad gives the channel and the content asset. */
async function withAdDimensions(runtime: Runtime, rows: readonly CrmFactRow[]) {
  const adIdsByOrg = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.adId) continue;
    const ids = adIdsByOrg.get(row.orgId) ?? new Set<string>();
    ids.add(row.adId);
    adIdsByOrg.set(row.orgId, ids);
  }
  const dimensions = new Map<string, { channel: string; assetId: string | null }>();
  for (const [orgId, ids] of adIdsByOrg)
    for (const ad of await adsAdDimensions(runtime, orgId, [...ids]))
      dimensions.set(`${orgId}|${ad.adId}`, ad);
  return rows.map((row): FactRow => {
    const ad = row.adId ? dimensions.get(`${row.orgId}|${row.adId}`) : undefined;
    return {
      orgId: row.orgId,
      day: row.day,
      campaignId: row.campaignId ?? noId,
      channel: ad?.channel ?? '',
      country: row.country,
      city: row.city,
      assetId: ad?.assetId ?? noId,
      currency: row.currency,
      sums: { leads: row.leads, dealsWon: row.dealsWon, revenueWonMinor: row.revenueWonMinor },
    };
  });
}

function crmSource(runtime: Runtime): EtlSource {
  return {
    name: 'crm',
    measures: ['leads', 'dealsWon', 'revenueWonMinor'],
    async changed(since, until) {
      return (await crmChangedScopes(runtime, since, until)).map((scope) => ({
        orgId: scope.orgId,
        campaignId: scope.campaignId ?? noId,
        day: null,
        rows: scope.rows,
      }));
    },
    async facts(scopes) {
      const rows = await crmScopeFacts(
        runtime,
        scopes.map((scope) => ({
          orgId: scope.orgId,
          campaignId: scope.campaignId === noId ? null : scope.campaignId,
        })),
      );
      return withAdDimensions(runtime, rows);
    },
  };
}

/** The store's sources in the order a run reads them. */
export function etlSources(runtime: Runtime): EtlSource[] {
  return [
    adsSource(runtime, 'ads.performance'),
    adsSource(runtime, 'ads.tracking'),
    adsSource(runtime, 'ads.sentiment'),
    crmSource(runtime),
  ];
}

import type { Runtime } from '../../../platform/runtime.js';
import {
  adDimensions,
  changedCells,
  factsOfCells,
  type AdsCell,
  type AdsFactRow,
  type AdsFactSource,
  type ChangedAdsCell,
} from '../infrastructure/analytics-source.repository.js';

export {
  adsFactSources,
  type AdsCell,
  type AdsFactRow,
  type AdsFactSource,
  type ChangedAdsCell,
} from '../infrastructure/analytics-source.repository.js';

/**
 * What the analytics ETL reads from PromptAds: the (organisation, campaign, day) cells of a daily
 * rollup written in (since, until], then every fact of those cells, so a corrected or late row is
 * recomputed with its neighbours rather than added on top of them.
 */
export function adsChangedCells(
  runtime: Runtime,
  source: AdsFactSource,
  since: string,
  until: string,
): Promise<ChangedAdsCell[]> {
  return changedCells(runtime.db, source, since, until);
}

export function adsCellFacts(
  runtime: Runtime,
  source: AdsFactSource,
  cells: readonly AdsCell[],
): Promise<AdsFactRow[]> {
  return factsOfCells(runtime.db, source, cells);
}

/** The channel and content asset of each named ad of the organisation (unknown ids are absent). */
export function adsAdDimensions(
  runtime: Runtime,
  orgId: string,
  adIds: readonly string[],
): Promise<{ adId: string; channel: string; assetId: string | null }[]> {
  return adDimensions(runtime.db, orgId, adIds);
}

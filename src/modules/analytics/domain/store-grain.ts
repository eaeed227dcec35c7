import type { DimensionName, FilterableDimension } from './catalog.js';

/** The tables of the store, finest first (ADR 0014). */
export type StoreGrain = 'cell' | 'campaign' | 'organization';

/** The dimensions each rollup keeps: the campaign rollup drops city and content asset. */
const campaignRollupDimensions: ReadonlySet<DimensionName> = new Set([
  'day',
  'week',
  'month',
  'campaign',
  'channel',
  'country',
]);

/** The organisation rollup also drops the campaign. */
const organizationRollupDimensions: ReadonlySet<DimensionName> = new Set([
  'day',
  'week',
  'month',
  'channel',
  'country',
]);

const keeps = (
  kept: ReadonlySet<DimensionName>,
  dimensions: readonly DimensionName[],
  filters: readonly FilterableDimension[],
) => dimensions.every((name) => kept.has(name)) && filters.every((name) => kept.has(name));

/** The coarsest table that can answer a query grouping and filtering by these. */
export function grainFor(
  dimensions: readonly DimensionName[],
  filters: readonly FilterableDimension[],
): StoreGrain {
  if (keeps(organizationRollupDimensions, dimensions, filters)) return 'organization';
  if (keeps(campaignRollupDimensions, dimensions, filters)) return 'campaign';
  return 'cell';
}

import type { DimensionName, FilterableDimension } from './catalog.js';

/** The dimensions the rollup without city and content asset keeps (ADR 0014). */
const rollupDimensions: ReadonlySet<DimensionName> = new Set([
  'day',
  'week',
  'month',
  'campaign',
  'channel',
  'country',
]);

/** True when a query grouping and filtering by these can be answered from the rollup. */
export function rollupAnswers(
  dimensions: readonly DimensionName[],
  filters: readonly FilterableDimension[],
): boolean {
  return (
    dimensions.every((name) => rollupDimensions.has(name)) &&
    filters.every((name) => rollupDimensions.has(name))
  );
}

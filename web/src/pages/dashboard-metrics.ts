/**
 * What the dashboard asks the analytics API for: kept apart from the page so the analytics tests
 * and the `analytics-dashboard-cached` benchmark replay exactly the dashboard's queries.
 */
export const kpiMetrics = [
  'impressions',
  'clicks',
  'ctr',
  'conversions',
  'spend',
  'leads',
  'dealsWon',
  'revenueWon',
  'roas',
] as const;
export const breakdownMetrics = [
  'impressions',
  'clicks',
  'conversions',
  'spend',
  'leads',
  'dealsWon',
  'revenueWon',
] as const;
export const funnelMetrics = ['impressions', 'clicks', 'leads', 'dealsWon'] as const;
/** The date-range presets, in days. */
export const presets = [7, 30, 90, 365] as const;
/** Rows of the breakdown table. */
export const breakdownRows = 25;
/** Entries of the top, bottom and best-content lists. */
export const rankedRows = 5;

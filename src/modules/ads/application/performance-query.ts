import type { Runtime } from '../../../platform/runtime.js';
import {
  addTotals,
  emptyTotals,
  ratesOf,
  type PerformanceRates,
  type PerformanceTotals,
} from '../domain/performance-metrics.js';
import {
  sumFacts,
  sumTracking,
  type GroupBy,
  type PerformanceFilter,
} from '../infrastructure/performance.repository.js';

export interface PerformanceRow {
  key: Record<string, string>;
  totals: PerformanceTotals;
  rates: PerformanceRates;
}

/**
 * Channel facts plus first-party counters (tracked clicks and signed conversions, live within
 * the click flush interval), grouped by one dimension; rates computed here, never stored.
 */
export async function queryPerformance(
  runtime: Runtime,
  filter: PerformanceFilter,
  groupBy: GroupBy,
): Promise<{ rows: PerformanceRow[]; total: PerformanceRow }> {
  const [facts, tracking] = await Promise.all([
    sumFacts(runtime.db, filter, groupBy),
    sumTracking(runtime.db, filter, groupBy),
  ]);
  const groups = new Map<string, PerformanceTotals>();
  const totalsOf = (key: string) => {
    let totals = groups.get(key);
    if (!totals) {
      totals = emptyTotals();
      groups.set(key, totals);
    }
    return totals;
  };
  for (const { key, ...counters } of facts) addTotals(totalsOf(key[groupBy]!), counters);
  for (const { key, clicks, conversions, revenueMinor } of tracking) {
    addTotals(totalsOf(key[groupBy]!), {
      clicks,
      trackedClicks: clicks,
      conversions,
      trackedConversions: conversions,
      revenueMinor,
    });
  }
  const overall = emptyTotals();
  const rows = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, totals]) => {
      addTotals(overall, totals);
      return { key: { [groupBy]: key }, totals, rates: ratesOf(totals) };
    });
  return { rows, total: { key: {}, totals: overall, rates: ratesOf(overall) } };
}

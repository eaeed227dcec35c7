/** Counters summed over some slice of the facts; every rate is computed from them, never stored. */
export interface PerformanceTotals {
  impressions: number;
  reach: number;
  clicks: number;
  trackedClicks: number;
  reactions: number;
  interactions: number;
  exposureSeconds: number;
  conversions: number;
  trackedConversions: number;
  costMinor: number;
  revenueMinor: number;
}

export interface PerformanceRates {
  ctr: number | null;
  conversionRate: number | null;
  roi: number | null;
  cpcMinor: number | null;
  cplMinor: number | null;
  cpaMinor: number | null;
  exposureHours: number;
}

const ratio = (numerator: number, denominator: number): number | null =>
  denominator > 0 ? numerator / denominator : null;
const round = (value: number | null, digits: number): number | null =>
  value === null ? null : Number(value.toFixed(digits));

/**
 * CTR = clicks / impressions; conversion rate = conversions / clicks; ROI = (revenue − spend) /
 * spend; CPC, CPL and CPA = spend per click, per lead, per acquisition. Leads and acquisitions
 * are both the conversions here (one kind of conversion event). Null when undefined (÷0).
 */
export function ratesOf(totals: PerformanceTotals): PerformanceRates {
  const cpa = ratio(totals.costMinor, totals.conversions);
  return {
    ctr: round(ratio(totals.clicks, totals.impressions), 6),
    conversionRate: round(ratio(totals.conversions, totals.clicks), 6),
    roi: round(ratio(totals.revenueMinor - totals.costMinor, totals.costMinor), 4),
    cpcMinor: round(ratio(totals.costMinor, totals.clicks), 2),
    cplMinor: round(cpa, 2),
    cpaMinor: round(cpa, 2),
    exposureHours: Number((totals.exposureSeconds / 3600).toFixed(2)),
  };
}

export function emptyTotals(): PerformanceTotals {
  return {
    impressions: 0,
    reach: 0,
    clicks: 0,
    trackedClicks: 0,
    reactions: 0,
    interactions: 0,
    exposureSeconds: 0,
    conversions: 0,
    trackedConversions: 0,
    costMinor: 0,
    revenueMinor: 0,
  };
}

export function addTotals(into: PerformanceTotals, more: Partial<PerformanceTotals>): void {
  for (const key of Object.keys(more) as (keyof PerformanceTotals)[]) {
    into[key] += Number(more[key] ?? 0);
  }
}

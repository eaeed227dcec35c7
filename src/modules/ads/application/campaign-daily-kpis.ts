import type { Runtime } from '../../../platform/runtime.js';
import { sumFacts } from '../infrastructure/performance.repository.js';

export interface DailyKpis {
  /** YYYY-MM-DD */
  day: string;
  impressions: number;
  clicks: number;
  conversions: number;
  costMinor: number;
  revenueMinor: number;
}

/**
 * A campaign's channel facts per day over [fromDay, toDay], oldest first; days without facts are
 * absent. Channel facts only: first-party counters arrive live and would skew a day-over-day look.
 */
export async function campaignDailyKpis(
  runtime: Runtime,
  orgId: string,
  campaignId: string,
  fromDay: string,
  toDay: string,
): Promise<DailyKpis[]> {
  const groups = await sumFacts(runtime.db, { orgId, campaignId, from: fromDay, to: toDay }, 'day');
  return groups
    .map((g) => ({
      day: g.key.day!,
      impressions: g.impressions,
      clicks: g.clicks,
      conversions: g.conversions,
      costMinor: g.costMinor,
      revenueMinor: g.revenueMinor,
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

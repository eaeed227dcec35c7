import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { suggestReallocation, type BudgetMove } from '../domain/budget-reallocation.js';
import {
  adSetsOfCampaigns,
  adsOfCampaign,
  findCampaign,
} from '../infrastructure/campaigns.repository.js';
import { queryPerformance } from './performance-query.js';

/** Budget moves between a campaign's ad sets from their ROI over a range (a proposal only). */
export async function campaignBudgetSuggestions(
  runtime: Runtime,
  orgId: string,
  campaignId: string,
  range: { from: string; to: string },
): Promise<(BudgetMove & { channel: string })[]> {
  const campaign = await findCampaign(runtime.db, orgId, campaignId);
  if (!campaign) throw AppError.notFound('Campaign', campaignId);
  const [sets, ads, performance] = await Promise.all([
    adSetsOfCampaigns(runtime.db, orgId, [campaignId]),
    adsOfCampaign(runtime.db, orgId, campaignId),
    queryPerformance(runtime, { orgId, campaignId, ...range }, 'ad'),
  ]);
  const setOfAd = new Map(ads.map((ad) => [ad.id, ad.adSetId]));
  const totals = new Map(sets.map((set) => [set.id, { spend: 0, revenue: 0 }]));
  for (const row of performance.rows) {
    const entry = totals.get(setOfAd.get(row.key.ad!) ?? '');
    if (!entry) continue;
    entry.spend += row.totals.costMinor;
    entry.revenue += row.totals.revenueMinor;
  }
  const channelOf = new Map(sets.map((set) => [set.id, set.channel]));
  return suggestReallocation(
    sets.map((set) => ({
      adSetId: set.id,
      dailyBudgetMinor: set.dailyBudgetMinor,
      spendMinor: totals.get(set.id)!.spend,
      revenueMinor: totals.get(set.id)!.revenue,
    })),
  ).map((move) => ({ ...move, channel: channelOf.get(move.adSetId)! }));
}

export interface AdSetResult {
  adSetId: string;
  dailyBudgetMinor: number;
  spendMinor: number;
  revenueMinor: number;
}

export interface BudgetMove {
  adSetId: string;
  currentDailyBudgetMinor: number;
  proposedDailyBudgetMinor: number;
  roi: number | null;
}

/**
 * Moves up to `share` of the daily budget of ad sets returning less than the median ROI to those
 * above it, in proportion to how far above they are. The total daily budget stays the same; ad
 * sets without spend yet keep theirs (no evidence either way).
 */
export function suggestReallocation(results: readonly AdSetResult[], share = 0.2): BudgetMove[] {
  const roiOf = (r: AdSetResult) =>
    r.spendMinor > 0 ? (r.revenueMinor - r.spendMinor) / r.spendMinor : null;
  const measured = results.filter((r) => roiOf(r) !== null);
  const rois = measured.map((r) => roiOf(r)!).sort((a, b) => a - b);
  const median = rois.length > 0 ? rois[Math.floor((rois.length - 1) / 2)]! : 0;
  const losers = measured.filter((r) => roiOf(r)! < median);
  const winners = measured.filter((r) => roiOf(r)! > median);
  const freed = new Map(losers.map((r) => [r.adSetId, Math.floor(r.dailyBudgetMinor * share)]));
  const pool = [...freed.values()].reduce((sum, v) => sum + v, 0);
  const lead = winners.map((r) => roiOf(r)! - median);
  const leadTotal = lead.reduce((sum, v) => sum + v, 0);
  const gained = new Map<string, number>();
  let handed = 0;
  winners.forEach((r, i) => {
    const amount = leadTotal > 0 ? Math.floor((pool * lead[i]!) / leadTotal) : 0;
    gained.set(r.adSetId, amount);
    handed += amount;
  });
  // Rounding leftovers go to the best ad set, so the total is unchanged.
  const best = winners.reduce<AdSetResult | undefined>(
    (top, r) => (!top || roiOf(r)! > roiOf(top)! ? r : top),
    undefined,
  );
  if (best) gained.set(best.adSetId, (gained.get(best.adSetId) ?? 0) + pool - handed);
  return results.map((r) => {
    const roi = roiOf(r);
    return {
      adSetId: r.adSetId,
      currentDailyBudgetMinor: r.dailyBudgetMinor,
      proposedDailyBudgetMinor:
        r.dailyBudgetMinor -
        (freed.get(r.adSetId) ?? 0) +
        (best ? (gained.get(r.adSetId) ?? 0) : 0),
      roi: roi === null ? null : Number(roi.toFixed(4)),
    };
  });
}

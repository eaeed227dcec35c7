import { describe, expect, it } from 'vitest';
import { suggestReallocation } from './budget-reallocation.js';

describe('budget reallocation suggestions', () => {
  const results = [
    { adSetId: 'weak', dailyBudgetMinor: 10_000, spendMinor: 50_000, revenueMinor: 40_000 },
    { adSetId: 'median', dailyBudgetMinor: 10_000, spendMinor: 50_000, revenueMinor: 75_000 },
    { adSetId: 'strong', dailyBudgetMinor: 10_000, spendMinor: 50_000, revenueMinor: 200_000 },
    { adSetId: 'new', dailyBudgetMinor: 5_000, spendMinor: 0, revenueMinor: 0 },
  ];

  it('moves budget from below-median ROI to above-median, keeping the total', () => {
    const moves = suggestReallocation(results);
    const by = Object.fromEntries(moves.map((m) => [m.adSetId, m]));
    expect(by.weak!.proposedDailyBudgetMinor).toBe(8_000);
    expect(by.median!.proposedDailyBudgetMinor).toBe(10_000);
    expect(by.strong!.proposedDailyBudgetMinor).toBe(12_000);
    expect(by.new).toMatchObject({ proposedDailyBudgetMinor: 5_000, roi: null });
    const total = (key: 'currentDailyBudgetMinor' | 'proposedDailyBudgetMinor') =>
      moves.reduce((sum, m) => sum + m[key], 0);
    expect(total('proposedDailyBudgetMinor')).toBe(total('currentDailyBudgetMinor'));
  });

  it('changes nothing when every ad set returns the same', () => {
    const even = results.slice(0, 2).map((r) => ({ ...r, revenueMinor: 60_000 }));
    expect(suggestReallocation(even).map((m) => m.proposedDailyBudgetMinor)).toEqual([
      10_000, 10_000,
    ]);
  });
});

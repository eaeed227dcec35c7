import { describe, expect, it } from 'vitest';
import { channelMix, expectedRoas, proposeCampaign } from './campaign-planner.js';

describe('campaign proposal from a sales goal', () => {
  const input = {
    brand: 'Café Aurora',
    objective: 'sales' as const,
    goalRevenueMinor: 10_000_000,
    currency: 'USD',
    countries: ['CR'],
    startDate: '2026-03-01',
    endDate: '2026-03-30',
  };

  it('proposes the objective’s channel mix with budgets that reach the goal with a margin', () => {
    const proposal = proposeCampaign(input);
    expect(proposal.days).toBe(30);
    expect(proposal.channels.map((c) => c.channel)).toEqual(channelMix.sales);
    const expected = proposal.channels.reduce((sum, c) => sum + c.expectedRevenueMinor, 0);
    expect(expected).toBeGreaterThanOrEqual(input.goalRevenueMinor * 0.98);
    for (const c of proposal.channels) {
      expect(c.budgetMinor).toBe(c.dailyBudgetMinor * 30);
      expect(c.budgetMinor).toBeLessThanOrEqual(proposal.totalBudgetMinor * 0.5 + 30);
    }
  });

  it('gives better-returning channels more budget, and a bigger goal a bigger budget', () => {
    const proposal = proposeCampaign(input);
    const sorted = [...proposal.channels].sort((a, b) => b.expectedRoas - a.expectedRoas);
    expect(sorted[0]!.budgetMinor).toBeGreaterThanOrEqual(sorted.at(-1)!.budgetMinor);
    expect(
      proposeCampaign({ ...input, goalRevenueMinor: 20_000_000 }).totalBudgetMinor,
    ).toBeGreaterThan(proposal.totalBudgetMinor * 1.9);
    expect(expectedRoas('whatsapp', 6_000)).toBeGreaterThan(expectedRoas('linkedin', 6_000));
  });
});

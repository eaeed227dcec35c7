import { describe, expect, it } from 'vitest';
import { demoCampaignPlan } from './demo-plan.js';

describe('demo campaign plan', () => {
  const today = new Date('2026-02-15T10:00:00Z');
  const plan = demoCampaignPlan(1000, today);

  it('is deterministic', () => {
    expect(demoCampaignPlan(50, today)).toEqual(plan.slice(0, 50));
  });

  it('has 30 % active and 70 % finished campaigns, finished ones July 2024 – January 2026', () => {
    expect(plan.filter((c) => c.status === 'active')).toHaveLength(300);
    const finished = plan.filter((c) => c.status === 'finished');
    expect(finished).toHaveLength(700);
    for (const c of finished) {
      expect(c.startDate >= '2024-07-01').toBe(true);
      expect(c.endDate <= '2026-01-31').toBe(true);
      expect(c.endDate >= c.startDate).toBe(true);
    }
    for (const c of plan.filter((c) => c.status === 'active')) {
      expect(c.startDate < '2026-02-15' && c.endDate > '2026-02-15').toBe(true);
    }
  });

  it('peaks in December and January, and gives each campaign several channels and variants', () => {
    const byMonth = new Map<string, number>();
    for (const c of plan.filter((c) => c.status === 'finished')) {
      const month = c.startDate.slice(5, 7);
      byMonth.set(month, (byMonth.get(month) ?? 0) + 1);
    }
    expect(byMonth.get('12')!).toBeGreaterThan(2 * byMonth.get('04')!);
    expect(byMonth.get('01')!).toBeGreaterThan(2 * byMonth.get('04')!);
    expect(plan.every((c) => c.adSets.length >= 2)).toBe(true);
    expect(plan.some((c) => c.adSets.some((s) => s.variants.length === 2))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { channelProfiles } from './channels.js';
import { receptionOf } from './simulated-comments.js';
import { diminishingReturns, pacedBudget, seasonality, simulateDay } from './simulated-metrics.js';

const base = {
  seed: '0192a0b0-0000-7000-8000-000000000001',
  channel: 'facebook' as const,
  day: '2025-03-12',
  dailyBudgetMinor: 50_000,
  pacing: 'standard' as const,
  markets: [
    { country: 'CR', city: '' },
    { country: 'MX', city: 'Monterrey' },
  ],
  elapsed: 1,
};

const sum = (rows: ReturnType<typeof simulateDay>, key: keyof (typeof rows)[number]['metrics']) =>
  rows.reduce((total, row) => total + row.metrics[key], 0);

describe('simulated channel metrics', () => {
  it('are deterministic for a seed and day, and differ across days', () => {
    expect(simulateDay(base)).toEqual(simulateDay(base));
    expect(simulateDay({ ...base, day: '2025-03-13' })).not.toEqual(simulateDay(base));
  });

  it('never spend more than the paced daily budget, in every season', () => {
    for (const day of ['2024-12-21', '2025-01-04', '2025-05-06']) {
      for (const pacing of ['standard', 'accelerated'] as const) {
        for (const elapsed of [0.25, 0.5, 1]) {
          const rows = simulateDay({ ...base, day, pacing, elapsed });
          expect(sum(rows, 'costMinor')).toBeLessThanOrEqual(pacedBudget(50_000, pacing, elapsed));
        }
      }
    }
  });

  it('keep counters consistent: reach ≤ impressions, clicks ≤ impressions, conversions ≤ clicks', () => {
    for (const row of simulateDay(base)) {
      const m = row.metrics;
      expect(m.reach).toBeLessThanOrEqual(m.impressions);
      expect(m.clicks).toBeLessThanOrEqual(m.impressions);
      expect(m.conversions).toBeLessThanOrEqual(m.clicks);
      expect(m.interactions).toBeGreaterThanOrEqual(m.clicks);
    }
  });

  it('land the CTR inside the channel range', () => {
    for (const channel of ['facebook', 'google_ads', 'linkedin', 'email'] as const) {
      const rows = simulateDay({ ...base, channel, dailyBudgetMinor: 500_000 });
      const ctr = sum(rows, 'clicks') / sum(rows, 'impressions');
      const [low, high] = channelProfiles[channel].ctr;
      expect(ctr).toBeGreaterThanOrEqual(low * 0.95);
      expect(ctr).toBeLessThanOrEqual(high * 1.05);
    }
  });

  it('follow the season: weekends and December above an ordinary weekday', () => {
    expect(seasonality('2025-03-12')).toBe(1);
    expect(seasonality('2025-03-15')).toBeGreaterThan(1);
    expect(seasonality('2025-12-10')).toBeGreaterThan(seasonality('2025-03-12'));
    expect(seasonality('2026-01-14')).toBeGreaterThan(1);
  });

  it('give diminishing returns: ten times the budget buys fewer than ten times the clicks', () => {
    const small = sum(simulateDay({ ...base, dailyBudgetMinor: 100_000 }), 'clicks');
    const large = sum(simulateDay({ ...base, dailyBudgetMinor: 1_000_000 }), 'clicks');
    expect(large).toBeGreaterThan(small);
    expect(large).toBeLessThan(small * 10 * 0.8);
    expect(diminishingReturns(0)).toBe(1);
    expect(diminishingReturns(1_000_000)).toBeLessThan(diminishingReturns(10_000));
  });

  it('pace accelerated delivery ahead of standard early in the day', () => {
    expect(pacedBudget(10_000, 'accelerated', 0.25)).toBe(5_000);
    expect(pacedBudget(10_000, 'standard', 0.25)).toBe(2_500);
    expect(pacedBudget(10_000, 'accelerated', 0.9)).toBe(10_000);
  });

  it("fades a disliked influencer post week over week even into December's peak", () => {
    // The sentiment alerts compare two weeks; a fade slower than the season's rise let one
    // disliked ad in six gain reactions from November's last week to December's first. A day's
    // cost per click still varies, so a rare ad may rise: at most one in a hundred.
    const disliked = Array.from(
      { length: 2_000 },
      (_, i) => `0192a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
    ).filter((id) => receptionOf(id) === 'disliked');
    expect(disliked.length).toBeGreaterThan(100);
    const week = (seed: string, from: string) =>
      Array.from({ length: 7 }, (_, i) => {
        const day = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000);
        return sum(
          simulateDay({
            ...base,
            seed,
            channel: 'influencer',
            day: day.toISOString().slice(0, 10),
            startDate: '2026-11-04',
          }),
          'reactions',
        );
      }).reduce((total, reactions) => total + reactions, 0);
    const rising = disliked.filter((seed) => week(seed, '2026-11-30') >= week(seed, '2026-11-23'));
    expect(rising.length).toBeLessThanOrEqual(disliked.length / 100);
  });
});

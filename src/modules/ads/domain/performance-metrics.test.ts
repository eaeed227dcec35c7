import { describe, expect, it } from 'vitest';
import { emptyTotals, ratesOf } from './performance-metrics.js';

describe('performance rates', () => {
  it('computes CTR, conversion rate, ROI, CPC and CPA from the sums', () => {
    const rates = ratesOf({
      ...emptyTotals(),
      impressions: 10_000,
      clicks: 200,
      conversions: 10,
      costMinor: 40_000,
      revenueMinor: 100_000,
      exposureSeconds: 7_200,
    });
    expect(rates.ctr).toBe(0.02);
    expect(rates.conversionRate).toBe(0.05);
    expect(rates.roi).toBe(1.5);
    expect(rates.cpcMinor).toBe(200);
    expect(rates.cpaMinor).toBe(4_000);
    expect(rates.cplMinor).toBe(4_000);
    expect(rates.exposureHours).toBe(2);
  });

  it('answers null instead of dividing by zero', () => {
    const rates = ratesOf(emptyTotals());
    expect(rates).toMatchObject({ ctr: null, conversionRate: null, roi: null, cpcMinor: null });
  });
});

import { describe, expect, it } from 'vitest';
import { prorate } from './proration.js';

const periodStart = new Date('2026-12-01T00:00:00Z');
const periodEnd = new Date('2026-12-31T00:00:00Z');

describe('prorate', () => {
  it('charges the remaining half of an upgrade and credits the unused half', () => {
    const result = prorate({
      oldAmount: 8_900,
      newAmount: 29_900,
      periodStart,
      periodEnd,
      at: new Date('2026-12-16T00:00:00Z'),
    });
    expect(result).toEqual({ credit: -4_450, charge: 14_950, net: 10_500, remaining: 0.5 });
  });

  it('leaves a credit balance on a downgrade', () => {
    const result = prorate({
      oldAmount: 29_900,
      newAmount: 8_900,
      periodStart,
      periodEnd,
      at: new Date('2026-12-16T00:00:00Z'),
    });
    expect(result.net).toBe(-10_500);
  });

  it('charges the whole new price at the start and nothing at the end', () => {
    const base = { oldAmount: 1_000, newAmount: 3_000, periodStart, periodEnd };
    expect(prorate({ ...base, at: periodStart }).net).toBe(2_000);
    expect(prorate({ ...base, at: periodEnd })).toEqual({
      credit: 0,
      charge: 0,
      net: 0,
      remaining: 0,
    });
    expect(prorate({ ...base, at: new Date('2027-01-05T00:00:00Z') }).net).toBe(0);
  });

  it('rounds each line to whole minor units', () => {
    const result = prorate({
      oldAmount: 1_000,
      newAmount: 2_000,
      periodStart,
      periodEnd,
      at: new Date('2026-12-21T00:00:00Z'),
    });
    expect(result.credit).toBe(-333);
    expect(result.charge).toBe(667);
    expect(result.net).toBe(334);
  });

  it('refuses an empty period', () => {
    expect(() =>
      prorate({ oldAmount: 1, newAmount: 2, periodStart, periodEnd: periodStart, at: periodStart }),
    ).toThrow(RangeError);
  });
});

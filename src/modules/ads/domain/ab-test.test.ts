import { describe, expect, it } from 'vitest';
import { compareVariants, normalCdf } from './ab-test.js';

describe('A/B variant comparison (two-proportion z-test)', () => {
  it('declares a winner when the difference is significant', () => {
    const outcome = compareVariants(
      { variant: 'A', trials: 10_000, successes: 200 },
      { variant: 'B', trials: 10_000, successes: 300 },
    );
    expect(outcome.z).toBeCloseTo(-4.55, 1);
    expect(outcome.pValue).toBeLessThan(0.001);
    expect(outcome.winner).toBe('B');
  });

  it('declares none when the difference could be chance or the samples are tiny', () => {
    expect(
      compareVariants(
        { variant: 'A', trials: 1_000, successes: 20 },
        { variant: 'B', trials: 1_000, successes: 24 },
      ).winner,
    ).toBeNull();
    expect(
      compareVariants(
        { variant: 'A', trials: 10, successes: 9 },
        { variant: 'B', trials: 10, successes: 1 },
      ).winner,
    ).toBeNull();
  });

  it('uses a normal CDF accurate to the table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
  });
});

import { describe, expect, it } from 'vitest';
import { imageCost, tokenCost } from './price-table.js';

describe('AI cost', () => {
  it('prices tokens per million in micro-USD, rounding up', () => {
    // gpt-4o-mini: $0.15 in, $0.60 out per million tokens.
    expect(tokenCost('gpt-4o-mini', { tokensIn: 1_000_000, tokensOut: 1_000_000 })).toEqual({
      micros: 750_000,
      priced: true,
    });
    expect(tokenCost('gpt-4o-mini', { tokensIn: 1000, tokensOut: 500 }).micros).toBe(450);
    expect(tokenCost('gpt-4o-mini', { tokensIn: 1, tokensOut: 0 }).micros).toBe(1);
  });

  it('prices a dated snapshot like its family, choosing the longest matching name', () => {
    expect(tokenCost('gpt-4o-2024-08-06', { tokensIn: 1_000_000, tokensOut: 0 }).micros).toBe(
      2_500_000,
    );
    expect(tokenCost('gpt-4o-mini-2024-07-18', { tokensIn: 1_000_000, tokensOut: 0 }).micros).toBe(
      150_000,
    );
  });

  it('reports unknown models as unpriced instead of guessing', () => {
    expect(tokenCost('llama3.1:8b', { tokensIn: 500, tokensOut: 500 })).toEqual({
      micros: 0,
      priced: false,
    });
  });

  it('logs offline generations at zero cost', () => {
    expect(tokenCost('offline-copywriter-1', { tokensIn: 900, tokensOut: 900 })).toEqual({
      micros: 0,
      priced: true,
    });
  });

  it('prices images per picture by size class', () => {
    expect(imageCost('dall-e-3', 1024, 1024).micros).toBe(40_000);
    expect(imageCost('dall-e-3', 1792, 1024).micros).toBe(80_000);
    expect(imageCost('some-local-diffusion', 512, 512).priced).toBe(false);
  });
});

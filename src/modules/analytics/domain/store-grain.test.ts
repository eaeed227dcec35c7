import { describe, expect, it } from 'vitest';
import { rollupAnswers } from './store-grain.js';

describe('which table answers a query', () => {
  it('is the rollup for time, campaign, channel and country groupings and filters', () => {
    expect(rollupAnswers([], [])).toBe(true);
    expect(rollupAnswers(['week', 'channel'], ['campaign', 'country'])).toBe(true);
  });

  it('is the full-grain store as soon as city or asset is grouped or filtered', () => {
    expect(rollupAnswers(['city'], [])).toBe(false);
    expect(rollupAnswers(['asset', 'day'], [])).toBe(false);
    expect(rollupAnswers(['channel'], ['city'])).toBe(false);
    expect(rollupAnswers([], ['asset'])).toBe(false);
  });
});

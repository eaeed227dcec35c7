import { describe, expect, it } from 'vitest';
import { grainFor } from './store-grain.js';

describe('which table answers a query', () => {
  it('is the organisation rollup for time, channel and country without a campaign', () => {
    expect(grainFor([], [])).toBe('organization');
    expect(grainFor(['week', 'channel'], ['country'])).toBe('organization');
    expect(grainFor(['month', 'country'], ['channel'])).toBe('organization');
  });

  it('is the campaign rollup once a campaign is grouped or filtered', () => {
    expect(grainFor(['campaign'], [])).toBe('campaign');
    expect(grainFor(['week', 'channel'], ['campaign', 'country'])).toBe('campaign');
  });

  it('is the full-grain store as soon as city or asset is grouped or filtered', () => {
    expect(grainFor(['city'], [])).toBe('cell');
    expect(grainFor(['asset', 'day'], [])).toBe('cell');
    expect(grainFor(['channel'], ['city'])).toBe('cell');
    expect(grainFor([], ['asset'])).toBe('cell');
  });
});

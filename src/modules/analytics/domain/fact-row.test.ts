import { describe, expect, it } from 'vitest';
import { mergeFactRows, noId, type FactRow } from './fact-row.js';

const row = (sums: FactRow['sums'], currency = 'EUR'): FactRow => ({
  orgId: 'org',
  day: '2026-01-01',
  campaignId: 'c',
  channel: 'facebook',
  country: 'ES',
  city: '',
  assetId: noId,
  currency,
  sums,
});

describe('mergeFactRows', () => {
  it('adds rows of the same cell and keeps other cells apart', () => {
    expect(
      mergeFactRows([
        row({ leads: 1 }),
        row({ leads: 2, dealsWon: 1 }),
        row({ dealsWon: 1 }, 'USD'),
      ]),
    ).toEqual([row({ leads: 3, dealsWon: 1 }), row({ dealsWon: 1 }, 'USD')]);
  });
});

import { describe, expect, it } from 'vitest';
import { approvedItems, decideApproval, splitBudget, type Proposal } from './proposal.js';

const proposal: Proposal = {
  generatedAt: '2026-01-01T00:00:00Z',
  provider: 'offline',
  model: 'm',
  channelMix: [],
  audienceSegments: [],
  adSets: [
    {
      adSetId: 's1',
      name: 'One',
      channel: 'facebook',
      audience: 'a',
      share: 0.5,
      budgetMinor: 1,
      dailyBudgetMinor: 1,
    },
    {
      adSetId: 's2',
      name: 'Two',
      channel: 'google_ads',
      audience: 'a',
      share: 0.5,
      budgetMinor: 1,
      dailyBudgetMinor: 1,
    },
  ],
  contentVariants: ['s1', 's2'].flatMap((adSetId) =>
    ['A', 'B'].map((variant) => ({
      adId: `${adSetId}-${variant}`,
      adSetId,
      channel: 'facebook',
      variant,
      headline: 'h',
      body: 'b',
      callToAction: 'c',
      hashtags: [],
      contentAssetId: null,
    })),
  ),
  timing: { startsAt: '2026-01-01', endsAt: '2026-01-10', days: 10, pacing: 'standard' },
  suggestions: [],
  serverMs: 1,
  providerMs: 1,
};

describe('approval decisions', () => {
  it('approves everything not named', () => {
    const result = decideApproval(proposal, {
      comment: 'ok',
      contentVariants: [{ id: 's1-B', decision: 'rejected', comment: 'off-brand' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kept = approvedItems(proposal, result.decisions);
    expect(kept.adSets.map((s) => s.adSetId)).toEqual(['s1', 's2']);
    expect(kept.variants.map((v) => v.adId)).toEqual(['s1-A', 's2-A', 's2-B']);
  });

  it('drops the variants of a rejected ad set', () => {
    const result = decideApproval(proposal, { adSets: [{ id: 's2', decision: 'rejected' }] });
    expect(
      result.ok && approvedItems(proposal, result.decisions).variants.map((v) => v.adId),
    ).toEqual(['s1-A', 's1-B']);
  });

  it('refuses an item of another proposal and an ad set left without content', () => {
    expect(decideApproval(proposal, { adSets: [{ id: 'nope', decision: 'approved' }] })).toEqual({
      ok: false,
      error: { kind: 'unknown_item', field: 'adSets.0.id', id: 'nope' },
    });
    const empty = decideApproval(proposal, {
      contentVariants: [
        { id: 's1-A', decision: 'rejected' },
        { id: 's1-B', decision: 'rejected' },
      ],
    });
    expect(empty.ok).toBe(false);
  });
});

describe('budget split', () => {
  it('follows expected return and caps one channel at half among three', () => {
    const split = splitBudget([
      { channel: 'a', expectedRoas: 10 },
      { channel: 'b', expectedRoas: 1 },
      { channel: 'c', expectedRoas: 1 },
    ]);
    expect(split[0]!.share).toBe(0.5);
    expect(split[1]!.share).toBeCloseTo(0.25, 3);
    expect(split.reduce((sum, s) => sum + s.share, 0)).toBeCloseTo(1, 3);
  });
});

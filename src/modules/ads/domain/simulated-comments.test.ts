import { describe, expect, it } from 'vitest';
import { reactionTrend, receptionOf, simulateComments } from './simulated-comments.js';

const ids = Array.from(
  { length: 400 },
  (_, i) => `0192a0b0-0000-7000-8000-${String(i).padStart(12, '0')}`,
);

describe('simulated comments', () => {
  it('gives most ads a good reception and some a bad one, fixed by the ad id', () => {
    const receptions = ids.map(receptionOf);
    const share = (r: string) => receptions.filter((x) => x === r).length / ids.length;
    expect(share('liked')).toBeGreaterThan(0.5);
    expect(share('disliked')).toBeGreaterThan(0.05);
    expect(share('disliked')).toBeLessThan(0.2);
    expect(ids.map(receptionOf)).toEqual(receptions);
  });

  it('fades reactions of disliked ads day after day, and only theirs', () => {
    const disliked = ids.find((id) => receptionOf(id) === 'disliked')!;
    const liked = ids.find((id) => receptionOf(id) === 'liked')!;
    expect(reactionTrend(disliked, '2025-03-01', '2025-03-15')).toBeLessThan(
      reactionTrend(disliked, '2025-03-01', '2025-03-08'),
    );
    expect(reactionTrend(liked, '2025-03-01', '2025-03-15')).toBe(1);
    expect(reactionTrend(disliked, undefined, '2025-03-15')).toBe(1);
  });

  it('are deterministic, capped per day, only on social channels, and only those already posted', () => {
    const input = {
      seed: ids[0]!,
      channel: 'instagram' as const,
      day: '2025-03-12',
      reactions: 5000,
      language: 'es' as const,
      elapsed: 1,
    };
    const all = simulateComments(input);
    expect(all).toEqual(simulateComments(input));
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(12);
    expect(new Set(all.map((c) => c.externalId)).size).toBe(all.length);
    const morning = simulateComments({ ...input, elapsed: 0.3 });
    expect(morning.length).toBeLessThanOrEqual(all.length);
    expect(morning.every((c) => c.postedAt < '2025-03-12T07:13:00Z')).toBe(true);
    expect(simulateComments({ ...input, channel: 'google_ads' })).toEqual([]);
    expect(simulateComments({ ...input, reactions: 0 })).toEqual([]);
  });
});

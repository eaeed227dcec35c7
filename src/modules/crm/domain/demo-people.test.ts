import { describe, expect, it } from 'vitest';
import { campaignQuota, demoPerson, demoTag, type DemoCampaignRef } from './demo-people.js';
import { areaUnderCurve } from './scoring-model.js';

const campaign: DemoCampaignRef = {
  id: '0192f0a0-0000-7000-8000-0000000000aa',
  brand: 'Café Aurora',
  currency: 'USD',
  startDate: '2025-12-01',
  endDate: '2025-12-28',
  countries: ['MX', 'CO'],
  ads: [
    { id: '0192f0a0-0000-7000-8000-0000000000a1', channel: 'meta' },
    { id: '0192f0a0-0000-7000-8000-0000000000a2', channel: 'tiktok' },
  ],
};
const now = new Date('2026-12-06T12:00:00Z');

describe('demo people', () => {
  it('are the same person for the same campaign and index, and another for another index', () => {
    expect(demoPerson(campaign, 7, now)).toEqual(demoPerson(campaign, 7, now));
    expect(demoPerson(campaign, 8, now).email).not.toBe(demoPerson(campaign, 7, now).email);
  });

  it('answer one of the campaign’s ads, in its markets, while it ran', () => {
    for (let index = 0; index < 200; index++) {
      const person = demoPerson(campaign, index, now);
      expect(campaign.ads.map((ad) => ad.id)).toContain(person.adId);
      expect(campaign.countries).toContain(person.country);
      expect(person.createdAt >= '2025-12-01').toBe(true);
      expect(person.createdAt <= '2025-12-29').toBe(true);
      expect(person.utm).toMatchObject({ campaign: campaign.id, content: person.adId });
      expect(person.tags).toContain(demoTag);
    }
  });

  it('have a lifecycle that agrees with their deal, and a reason for every lost deal', () => {
    const people = Array.from({ length: 400 }, (_, i) => demoPerson(campaign, i, now));
    const withDeal = people.filter((p) => p.deal);
    expect(withDeal.length).toBeGreaterThan(20);
    for (const person of withDeal) {
      const deal = person.deal!;
      expect(person.lifecycleStage).toBe(
        { won: 'customer', lost: 'lost', open: 'opportunity' }[deal.status],
      );
      expect(deal.lostReason !== null).toBe(deal.status === 'lost');
      expect(deal.closedAt !== null).toBe(deal.status !== 'open');
      expect(deal.amountMinor).toBe(deal.products[0]!.quantity * deal.products[0]!.unitPriceMinor);
    }
    expect(new Set(withDeal.map((p) => p.deal!.status))).toEqual(new Set(['won', 'lost', 'open']));
  });

  it('win more often the more they wrote, so the demo’s scoring model has something to learn', () => {
    const closed = Array.from({ length: 2_000 }, (_, i) => demoPerson(campaign, i, now)).filter(
      (person) => person.deal && person.deal.status !== 'open',
    );
    const inbound = closed.map((person) => ({
      probability: person.interactions.filter((item) => item.direction === 'inbound').length,
      label: person.deal!.status === 'won' ? (1 as const) : (0 as const),
    }));
    expect(closed.length).toBeGreaterThan(200);
    expect(areaUnderCurve(inbound)).toBeGreaterThan(0.65);
  });

  it('come 400–1,000 to a campaign at scale, the same number on every run', () => {
    const quotas = Array.from({ length: 300 }, (_, i) =>
      campaignQuota(`0192f0a0-0000-7000-8000-${String(i).padStart(12, '0')}`, [400, 1_000]),
    );
    expect(Math.min(...quotas)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...quotas)).toBeLessThanOrEqual(1_000);
    expect(campaignQuota(campaign.id, [400, 1_000])).toBe(campaignQuota(campaign.id, [400, 1_000]));
  });
});

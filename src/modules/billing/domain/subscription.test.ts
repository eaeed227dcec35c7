import { describe, expect, it } from 'vitest';
import { findPlan, upgradePathFor } from './catalogue.js';
import {
  accessOf,
  periodAmount,
  periodEndOf,
  usageWindow,
  type SubscriptionFacts,
} from './subscription.js';

const facts: SubscriptionFacts = {
  planId: 'promptsales-growth',
  interval: 'month',
  currency: 'USD',
  seats: 20,
  status: 'active',
  currentPeriodStart: new Date('2026-12-01T00:00:00Z'),
  currentPeriodEnd: new Date('2027-01-01T00:00:00Z'),
  cancelAtPeriodEnd: false,
  pastDueSince: null,
};

describe('subscription rules', () => {
  it('keeps full access through the grace period, then read-only', () => {
    const pastDue = { ...facts, status: 'past_due' as const, pastDueSince: facts.currentPeriodEnd };
    expect(accessOf(pastDue, 7, new Date('2027-01-07T23:00:00Z'))).toBe('full');
    expect(accessOf(pastDue, 7, new Date('2027-01-08T00:00:00Z'))).toBe('read_only');
    expect(accessOf(facts, 7, new Date('2030-01-01T00:00:00Z'))).toBe('full');
    expect(accessOf({ ...facts, status: 'canceled' }, 7, new Date())).toBe('read_only');
  });

  it('prices seats beyond those the plan includes', () => {
    const plan = findPlan('promptsales-growth')!;
    expect(periodAmount(plan, 'month', 'USD', 20)).toBe(29_900);
    expect(periodAmount(plan, 'month', 'USD', 22)).toBe(29_900 + 2 * 1_500);
    expect(periodAmount(plan, 'year', 'EUR', 1)).toBe(277_000);
  });

  it('ends a period one calendar month or year later', () => {
    expect(periodEndOf(new Date('2026-01-31T00:00:00Z'), 'month').toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(periodEndOf(new Date('2026-12-07T10:00:00Z'), 'year').toISOString()).toBe(
      '2027-12-07T10:00:00.000Z',
    );
  });

  it('names the cheapest bigger plan of the same product as the upgrade path', () => {
    const starter = findPlan('promptads-starter')!;
    expect(upgradePathFor(starter, 'campaign_requests', 21)?.id).toBe('promptads-growth');
    const crm = findPlan('promptcrm-starter')!;
    expect(upgradePathFor(crm, 'campaign_requests', 1)?.id).toBe('promptads-starter');
    const top = findPlan('promptsales-enterprise')!;
    expect(upgradePathFor(top, 'seats', 5_000)).toBeUndefined();
  });

  it('counts per-period quotas over the month of the period that contains now', () => {
    const start = new Date('2026-03-15T00:00:00Z');
    const yearEnd = new Date('2027-03-15T00:00:00Z');
    const window = usageWindow(start, yearEnd, new Date('2026-05-20T12:00:00Z'));
    expect(window.from.toISOString()).toBe('2026-05-15T00:00:00.000Z');
    expect(window.to.toISOString()).toBe('2026-06-15T00:00:00.000Z');
    const trialEnd = new Date('2026-03-29T00:00:00Z');
    expect(usageWindow(start, trialEnd, new Date('2026-03-20T00:00:00Z')).to).toEqual(trialEnd);
  });
});

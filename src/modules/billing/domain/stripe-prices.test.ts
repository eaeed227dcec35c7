import { describe, expect, it } from 'vitest';
import { findPlan } from './catalogue.js';
import { itemsFor, lookupKeyOf, parseLookupKey, priceDefinition } from './stripe-prices.js';

describe('Stripe prices by lookup key', () => {
  it('names each price of the catalogue and reads the name back', () => {
    const key = {
      planId: 'promptsales-growth',
      kind: 'seat' as const,
      interval: 'year' as const,
      currency: 'EUR' as const,
    };
    const lookupKey = lookupKeyOf(key, '2026-12-01');
    expect(lookupKey).toBe('ps_2026-12-01_promptsales-growth_seat_year_eur');
    expect(parseLookupKey(lookupKey)).toEqual(key);
  });

  it('ignores prices that are not the catalogue’s', () => {
    expect(parseLookupKey(null)).toBeUndefined();
    expect(parseLookupKey('standard_monthly')).toBeUndefined();
    expect(parseLookupKey('ps_2026-12-01_promptsales-platinum_base_month_usd')).toBeUndefined();
    expect(parseLookupKey('ps_2026-12-01_promptsales-growth_base_month_gbp')).toBeUndefined();
  });

  it('prices the plan and its extra seats from the catalogue', () => {
    const plan = findPlan('promptsales-growth')!;
    const base = { planId: plan.id, kind: 'base' as const, interval: 'month' as const };
    expect(priceDefinition(plan, { ...base, currency: 'USD' })).toEqual({
      unitAmount: 29_900,
      productName: 'PromptSales Growth',
    });
    expect(priceDefinition(plan, { ...base, kind: 'seat', currency: 'USD' }).unitAmount).toBe(
      1_500,
    );
  });

  it('adds a seat item only for seats beyond those the plan includes', () => {
    const plan = findPlan('promptsales-starter')!;
    expect(itemsFor(plan, 'month', 'USD', 5)).toHaveLength(1);
    const [base, seats] = itemsFor(plan, 'month', 'USD', 8);
    expect(base).toMatchObject({ key: { kind: 'base' }, quantity: 1 });
    expect(seats).toMatchObject({ key: { kind: 'seat' }, quantity: 3 });
  });
});

import {
  catalogueVersion,
  currencies,
  findPlan,
  intervals,
  type Currency,
  type Interval,
  type Plan,
} from './catalogue.js';

/**
 * The Stripe prices of the catalogue, found by lookup key: one for the plan itself and one for
 * each seat beyond those it includes, per interval and currency, under the catalogue version (a
 * new version gets new prices, subscriptions on the old ones keep them). Stripe holds the price;
 * its lookup key says which plan it is, so a subscription changed in Stripe's portal still maps.
 */
export type PriceKind = 'base' | 'seat';

export interface PriceKey {
  planId: string;
  kind: PriceKind;
  interval: Interval;
  currency: Currency;
}

const pattern = /^ps_(\d{4}-\d{2}-\d{2})_([a-z]+-[a-z]+)_(base|seat)_(month|year)_([a-z]{3})$/;

export function lookupKeyOf(key: PriceKey, version = catalogueVersion): string {
  return `ps_${version}_${key.planId}_${key.kind}_${key.interval}_${key.currency.toLowerCase()}`;
}

/** The plan a lookup key names; undefined for a price that is not the catalogue's. */
export function parseLookupKey(lookupKey: string | null | undefined): PriceKey | undefined {
  const match = lookupKey ? pattern.exec(lookupKey) : null;
  if (!match) return undefined;
  const [, , planId, kind, interval, currency] = match as unknown as [
    string,
    string,
    string,
    PriceKind,
    Interval,
    string,
  ];
  const upper = currency.toUpperCase() as Currency;
  if (!findPlan(planId) || !intervals.includes(interval) || !currencies.includes(upper))
    return undefined;
  return { planId, kind, interval, currency: upper };
}

/** What a price of the catalogue costs, in minor units, and how Stripe should name it. */
export function priceDefinition(
  plan: Plan,
  key: PriceKey,
): { unitAmount: number; productName: string } {
  const prices = key.kind === 'base' ? plan.prices : plan.extraSeatPrices;
  return {
    unitAmount: prices[key.interval][key.currency],
    productName: key.kind === 'base' ? plan.name : `${plan.name}: extra seat`,
  };
}

/** The items of a subscription to `seats` seats: the plan, and the seats beyond those included. */
export function itemsFor(
  plan: Plan,
  interval: Interval,
  currency: Currency,
  seats: number,
): { key: PriceKey; quantity: number }[] {
  const extra = Math.max(0, seats - plan.quotas.seats);
  const base = { key: { planId: plan.id, kind: 'base' as const, interval, currency }, quantity: 1 };
  if (extra === 0) return [base];
  return [base, { key: { ...base.key, kind: 'seat' as const }, quantity: extra }];
}

import { findPlan, type Currency, type Interval, type Plan } from './catalogue.js';

export const subscriptionStatuses = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/** The facts about a subscription the rules below need (a row of `billing.subscriptions`). */
export interface SubscriptionFacts {
  planId: string;
  interval: Interval;
  currency: Currency;
  seats: number;
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  pastDueSince: Date | null;
}

/**
 * What an organisation may do: `full`, or `read_only` once a payment has been overdue for longer
 * than the grace period (or the subscription ended). Read-only keeps every row; paying restores.
 */
export type Access = 'full' | 'read_only';

export function accessOf(facts: SubscriptionFacts, graceDays: number, now: Date): Access {
  if (facts.status === 'canceled') return 'read_only';
  if (facts.status !== 'past_due' || !facts.pastDueSince) return 'full';
  const graceEnds = facts.pastDueSince.getTime() + graceDays * 86_400_000;
  return now.getTime() >= graceEnds ? 'read_only' : 'full';
}

/** The last day of grace, for messages; null when nothing is overdue. */
export function graceEndsAt(facts: SubscriptionFacts, graceDays: number): Date | null {
  if (facts.status !== 'past_due' || !facts.pastDueSince) return null;
  return new Date(facts.pastDueSince.getTime() + graceDays * 86_400_000);
}

/** What one period costs: the plan's price plus the seats beyond those it includes. */
export function periodAmount(
  plan: Plan,
  interval: Interval,
  currency: Currency,
  seats: number,
): number {
  const extra = Math.max(0, seats - plan.quotas.seats);
  return plan.prices[interval][currency] + extra * plan.extraSeatPrices[interval][currency];
}

/** The end of a period that starts at `start`: one calendar month or year later (UTC). */
export function periodEndOf(start: Date, interval: Interval): Date {
  const end = new Date(start);
  if (interval === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}

/** The plan of a row; a plan id the catalogue no longer knows is a programming error. */
export function planOf(facts: Pick<SubscriptionFacts, 'planId'>): Plan {
  const plan = findPlan(facts.planId);
  if (!plan) throw new Error(`Unknown plan ${facts.planId}`);
  return plan;
}

/**
 * The month of the billing period that contains `now`, over which `per_period` quotas count
 * ("campaign requests per month"): the period itself on a monthly plan, its monthly slice on a
 * yearly one. Clamped to the period.
 */
export function usageWindow(
  periodStart: Date,
  periodEnd: Date,
  now: Date,
): { from: Date; to: Date } {
  let from = periodStart;
  let to = periodEndOf(from, 'month');
  while (to.getTime() <= now.getTime() && to.getTime() < periodEnd.getTime()) {
    from = to;
    to = periodEndOf(from, 'month');
  }
  return { from, to: to.getTime() > periodEnd.getTime() ? periodEnd : to };
}

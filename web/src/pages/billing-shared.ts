/** The billing API's shapes as the Billing page reads them (see docs/billing.md). */

export type Currency = 'USD' | 'EUR';
export type Interval = 'month' | 'year';

export interface Plan {
  id: string;
  product: 'promptcontent' | 'promptads' | 'promptcrm' | 'promptsales';
  tier: 'starter' | 'growth' | 'enterprise';
  name: string;
  prices: Record<Interval, Record<Currency, number>>;
  extra_seat_prices: Record<Interval, Record<Currency, number>>;
  features: string[];
  quotas: Record<string, number>;
}

export interface Subscription {
  plan_id: string;
  status: 'trialing' | 'active' | 'past_due' | 'canceled';
  interval: Interval;
  currency: Currency;
  seats: number;
  trial_ends_at: string | null;
  current_period_start: string;
  current_period_end: string;
  cancel_at_period_end: boolean;
  past_due_since: string | null;
  access: 'full' | 'read_only';
  has_payment_method: boolean;
}

export interface SubscriptionChange extends Subscription {
  checkout: { id: string; url: string; completed: boolean } | null;
}

export interface Usage {
  quota: string;
  used: number;
  limit: number;
  period_start: string | null;
  period_end: string | null;
}

export interface Invoice {
  id: string;
  status: 'paid' | 'open' | 'void';
  currency: string;
  total: number;
  lines: { description: string; amount: number; kind: 'subscription' | 'proration' }[];
  period_start: string;
  period_end: string;
  created_at: string;
}

export const products = ['promptsales', 'promptcontent', 'promptads', 'promptcrm'] as const;
export const tiers = ['starter', 'growth', 'enterprise'] as const;

/** True when a change of plan is a checkout (no running paid subscription), not a proration. */
export function startsCheckout(subscription: Subscription): boolean {
  return subscription.status === 'trialing' || subscription.status === 'canceled';
}

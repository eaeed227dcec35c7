import type { ApiItem, ApiResponse } from '../api/resources';

/** The billing API's shapes as the Billing page reads them (generated from the OpenAPI document). */

export type Plan = ApiItem<'/api/v1/billing/plans'>;
export type Currency = Subscription['currency'];
export type Interval = Subscription['interval'];
export type Subscription = ApiResponse<'/api/v1/billing/subscription'>;
export type SubscriptionChange = ApiResponse<'/api/v1/billing/subscription', 'put'>;
export type Usage = ApiItem<'/api/v1/billing/usage'>;
export type Invoice = ApiItem<'/api/v1/billing/invoices'>;

export const products = ['promptsales', 'promptcontent', 'promptads', 'promptcrm'] as const;
export const tiers = ['starter', 'growth', 'enterprise'] as const;

/** True when a change of plan is a checkout (no running paid subscription), not a proration. */
export function startsCheckout(subscription: Subscription): boolean {
  return subscription.status === 'trialing' || subscription.status === 'canceled';
}

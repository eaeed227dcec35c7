import type { ModuleDefinition } from '../../platform/module.js';
import type { Runtime } from '../../platform/runtime.js';
import { billingGatewayFor } from './application/billing-services.js';
import { changeSubscription } from './application/change-subscription.js';
import { forgetSubscription, subscriptionOf } from './application/entitlements.js';
import { periodEndOf } from './domain/subscription.js';
import { updateSubscription } from './infrastructure/subscriptions.repository.js';
import { renewalJob } from './application/renewal.job.js';
import { billingRoutes } from './http/billing.routes.js';
import { billingHooks } from './http/billing-hooks.js';
import { registerBillingMcp } from './mcp/billing.mcp.js';

export { assertFeature } from './application/feature-guard.js';
export { assertWithinQuota, assertWritable } from './application/quota-guard.js';
export { features, quotas, type Feature, type Quota } from './domain/catalogue.js';
export { planFeature } from './http/plan-feature.js';

/** How far into its billing period the demo organisation is when it subscribes. */
const demoDaysIntoPeriod = 14;

/**
 * Puts an organisation on a plan without a checkout, paid by the simulated gateway's test card:
 * for demo data (the demo organisation runs on the bundle's Growth plan). Its period started two
 * weeks ago, as for a customer mid-month, so this month's usage includes the demo's recent
 * history (emails sent, not only what the seed does today). With Stripe configured it does
 * nothing (no demo customer at Stripe): the demo organisation keeps its trial.
 */
export async function subscribeForDemo(
  runtime: Runtime,
  orgId: string,
  planId: string,
): Promise<void> {
  if (billingGatewayFor(runtime).kind !== 'simulated') return;
  const current = await subscriptionOf(runtime, orgId);
  if (current.planId === planId && current.status === 'active') return;
  await changeSubscription(runtime, orgId, { planId, paymentMethodRef: 'pm_card_visa' });
  const start = new Date(Date.now() - demoDaysIntoPeriod * 86_400_000);
  await updateSubscription(runtime.db, orgId, {
    currentPeriodStart: start.toISOString(),
    currentPeriodEnd: periodEndOf(start, 'month').toISOString(),
  });
  await forgetSubscription(runtime, orgId);
}

/**
 * Billing: the plan catalogue (per sub-platform and the PromptSales bundle), subscriptions through
 * a payment gateway (Stripe, or the simulated one of the embedded mode), usage metered from what the modules record, and
 * the quota and feature guards every module calls where something is used (402 past the plan's
 * limits or outside its features; routes and MCP tools declare their feature, see plan-feature.ts).
 */
export const billingModule: ModuleDefinition = {
  name: 'billing',
  routes: billingRoutes,
  httpHooks: billingHooks,
  mcp: registerBillingMcp,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [renewalJob(runtime)],
};

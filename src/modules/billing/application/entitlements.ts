import type { Runtime } from '../../../platform/runtime.js';
import { catalogueVersion, findPlan, trialPlanId } from '../domain/catalogue.js';
import {
  findSubscription,
  insertSubscriptionIfAbsent,
  type SubscriptionRow,
} from '../infrastructure/subscriptions.repository.js';

/** How long a process answers quota checks from its own copy of an organisation's plan. */
const nearMs = 5_000;
const ttlSeconds = 300;
const keyOf = (orgId: string) => `billing:subscription:${orgId}`;

/**
 * The organisation's subscription, starting its trial of the bundle on first use: organisations
 * that predate billing and new sign-ups alike, so sign-up needs no call into billing.
 */
export async function subscriptionOf(runtime: Runtime, orgId: string): Promise<SubscriptionRow> {
  const found = await findSubscription(runtime.db, orgId);
  if (found) return found;
  const plan = findPlan(trialPlanId)!;
  const start = new Date();
  const end = new Date(start.getTime() + plan.trialDays * 86_400_000).toISOString();
  return insertSubscriptionIfAbsent(runtime.db, {
    orgId,
    planId: plan.id,
    catalogueVersion,
    interval: 'month',
    currency: 'USD',
    seats: plan.quotas.seats,
    status: 'trialing',
    trialEndsAt: end,
    currentPeriodStart: start.toISOString(),
    currentPeriodEnd: end,
  });
}

/**
 * The subscription as quota checks read it: cached (Redis in production) and kept in this process
 * for `nearMs`, so the campaign request's hot path makes no round trip. A change made here is
 * seen at once here and within `nearMs` on other replicas.
 */
export function cachedSubscriptionOf(runtime: Runtime, orgId: string): Promise<SubscriptionRow> {
  return runtime.cache.getOrLoad(keyOf(orgId), ttlSeconds, () => subscriptionOf(runtime, orgId), {
    nearMs,
  });
}

export async function forgetSubscription(runtime: Runtime, orgId: string): Promise<void> {
  await runtime.cache.delete(keyOf(orgId));
}

import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { perPeriodQuotas, upgradePathFor, type Quota } from '../domain/catalogue.js';
import { accessOf, graceEndsAt, planOf, type SubscriptionFacts } from '../domain/subscription.js';
import type { SubscriptionRow } from '../infrastructure/subscriptions.repository.js';
import { cachedSubscriptionOf } from './entitlements.js';
import { limitOf, measure, windowOf } from './usage.js';

/** How long a per-period count read from the database serves before it is counted again. */
const baselineTtlSeconds = 30;

export function factsOf(row: SubscriptionRow): SubscriptionFacts {
  return {
    planId: row.planId,
    interval: row.interval as SubscriptionFacts['interval'],
    currency: row.currency as SubscriptionFacts['currency'],
    seats: row.seats,
    status: row.status as SubscriptionFacts['status'],
    currentPeriodStart: new Date(row.currentPeriodStart),
    currentPeriodEnd: new Date(row.currentPeriodEnd),
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    pastDueSince: row.pastDueSince ? new Date(row.pastDueSince) : null,
  };
}

function assertAccess(runtime: Runtime, row: SubscriptionRow): void {
  const facts = factsOf(row);
  if (accessOf(facts, runtime.config.billing.graceDays, new Date()) === 'full') return;
  const graceEnded = graceEndsAt(facts, runtime.config.billing.graceDays);
  throw new AppError(
    'subscription_past_due',
    row.status === 'canceled'
      ? 'The subscription has ended: the organisation is read-only until it subscribes again (PUT /api/v1/billing/subscription)'
      : 'A payment is overdue: the organisation is read-only until it is paid (PUT /api/v1/billing/subscription with a payment method)',
    { status: row.status, ...(graceEnded ? { grace_ended_at: graceEnded.toISOString() } : {}) },
  );
}

/**
 * Refuses a write while the organisation is read-only (a payment overdue past the grace period,
 * or the subscription ended): 402 `subscription_past_due`. Nothing is deleted; reads still work.
 */
export async function assertWritable(runtime: Runtime, orgId: string): Promise<void> {
  assertAccess(runtime, await cachedSubscriptionOf(runtime, orgId));
}

/**
 * Refuses what would take the organisation past its plan: 402 `quota_exceeded` naming the quota,
 * the limit, the usage and the cheapest plan with more. Per-period quotas (campaign requests, AI
 * generations, messages) are decided locally: the period's count read at most every 30 s, plus
 * the hits counted since on the shared rate counter — no round trip on the hot path, and replicas
 * may overshoot by what they accept between counter flushes. Other quotas count what exists.
 */
export async function assertWithinQuota(
  runtime: Runtime,
  orgId: string,
  quota: Quota,
  amount = 1,
): Promise<void> {
  const row = await cachedSubscriptionOf(runtime, orgId);
  assertAccess(runtime, row);
  const limit = limitOf(row, quota);
  const now = new Date();
  const window = windowOf(row, quota, now);
  let used: number;
  if (perPeriodQuotas.has(quota)) {
    const baseline = await runtime.cache.getOrLoad(
      `billing:usage:${orgId}:${quota}:${window.from.toISOString()}`,
      baselineTtlSeconds,
      async () => ({ count: await measure(runtime, orgId, quota, window), at: Date.now() }),
      { nearMs: 1_000 },
    );
    // Keyed by the baseline's load time: a fresh count starts a fresh tally of hits on top of it.
    const key = `billing:hits:${orgId}:${quota}:${baseline.at}`;
    let hits = 0;
    for (let i = 0; i < amount; i += 1)
      hits = runtime.rateCounter.hit(key, 2 * baselineTtlSeconds).count;
    used = baseline.count + hits - amount;
  } else {
    used = await measure(runtime, orgId, quota, window);
  }
  if (used + amount <= limit) return;
  const plan = planOf(row);
  const upgrade = upgradePathFor(plan, quota, used + amount);
  const what = quota.replaceAll('_', ' ');
  throw new AppError(
    'quota_exceeded',
    limit === 0
      ? `The ${plan.name} plan does not include ${what}` + (upgrade ? `; ${upgrade.name} does` : '')
      : `The ${plan.name} plan allows ${limit} ${what}${perPeriodQuotas.has(quota) ? ' a month' : ''}, and ${used} are used` +
          (upgrade ? `; ${upgrade.name} allows ${upgrade.quotas[quota]}` : ''),
    {
      quota,
      limit,
      usage: used,
      requested: amount,
      plan: plan.id,
      upgrade: upgrade
        ? {
            plan: upgrade.id,
            name: upgrade.name,
            limit: upgrade.quotas[quota],
            how: 'PUT /api/v1/billing/subscription',
          }
        : null,
    },
  );
}

import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeter, UsagePeriod } from '../../../platform/usage-meter.js';
import { perPeriodQuotas, quotas, type Quota } from '../domain/catalogue.js';
import { planOf, usageWindow } from '../domain/subscription.js';
import type { SubscriptionRow } from '../infrastructure/subscriptions.repository.js';
import { subscriptionOf } from './entitlements.js';

const meters = new WeakMap<Runtime, Map<string, UsageMeter>>();

/** The meters the modules contribute (`ModuleDefinition.usage`), by quota name. */
export function metersOf(runtime: Runtime): Map<string, UsageMeter> {
  let found = meters.get(runtime);
  if (!found) {
    found = new Map();
    for (const module of runtime.modules)
      for (const [quota, meter] of Object.entries(module.usage?.(runtime) ?? {}))
        found.set(quota, meter);
    meters.set(runtime, found);
  }
  return found;
}

/** The window a quota counts over: the usage month for per-period quotas, else up to now. */
export function windowOf(row: SubscriptionRow, quota: Quota, now = new Date()): UsagePeriod {
  const window = usageWindow(new Date(row.currentPeriodStart), new Date(row.currentPeriodEnd), now);
  return perPeriodQuotas.has(quota) ? window : { from: new Date(0), to: now };
}

/** What the organisation's plan allows of a quota: extra seats bought raise the seat limit. */
export function limitOf(row: SubscriptionRow, quota: Quota): number {
  const granted = planOf(row).quotas[quota];
  return quota === 'seats' ? Math.max(granted, row.seats) : granted;
}

/** Counts one quota's usage now; 0 when no module meters it (e.g. that module is not served). */
export async function measure(runtime: Runtime, orgId: string, quota: Quota, period: UsagePeriod) {
  const meter = metersOf(runtime).get(quota);
  return meter ? meter(orgId, period) : 0;
}

export interface QuotaUsage {
  quota: Quota;
  used: number;
  limit: number;
  periodStart: string | null;
  periodEnd: string | null;
}

/** Every quota of the plan against what the organisation uses (`GET /billing/usage`). */
export async function usageReport(runtime: Runtime, orgId: string): Promise<QuotaUsage[]> {
  const row = await subscriptionOf(runtime, orgId);
  const now = new Date();
  return Promise.all(
    quotas.map(async (quota) => {
      const window = windowOf(row, quota, now);
      const perPeriod = perPeriodQuotas.has(quota);
      return {
        quota,
        used: await measure(runtime, orgId, quota, window),
        limit: limitOf(row, quota),
        periodStart: perPeriod ? window.from.toISOString() : null,
        periodEnd: perPeriod ? window.to.toISOString() : null,
      };
    }),
  );
}

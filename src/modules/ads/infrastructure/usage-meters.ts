import { and, count, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { campaigns } from './ads.tables.js';

/** Statuses that hold one of the plan's active campaigns (a paused one frees its place). */
export const activeCampaignStatuses = ['scheduled', 'active'];

/** Campaigns running or scheduled to run now. */
export function adsUsageMeters(runtime: Runtime): UsageMeters {
  return {
    active_campaigns: async (orgId) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(campaigns)
        .where(and(eq(campaigns.orgId, orgId), inArray(campaigns.status, activeCampaignStatuses)));
      return row?.n ?? 0;
    },
  };
}

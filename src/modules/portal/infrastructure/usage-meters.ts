import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { campaignRequests } from './portal.tables.js';

/** Campaign requests submitted in the period, whatever became of them. */
export function portalUsageMeters(runtime: Runtime): UsageMeters {
  return {
    campaign_requests: async (orgId, period) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(campaignRequests)
        .where(
          and(
            eq(campaignRequests.orgId, orgId),
            gte(campaignRequests.createdAt, period.from.toISOString()),
            lt(campaignRequests.createdAt, period.to.toISOString()),
          ),
        );
      return row?.n ?? 0;
    },
  };
}

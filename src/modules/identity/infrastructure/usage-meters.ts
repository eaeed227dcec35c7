import { count, eq } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { memberships } from './identity.tables.js';

/** Seats: the organisation's members (API clients take none). */
export function identityUsageMeters(runtime: Runtime): UsageMeters {
  return {
    seats: async (orgId) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(memberships)
        .where(eq(memberships.orgId, orgId));
      return row?.n ?? 0;
    },
  };
}

import { and, count, eq, gte, lt, ne } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { usageLog } from './ai.tables.js';

/**
 * AI generations billing meters: successful text and image calls in the period (cached answers
 * and embeddings cost no generation). The usage log is written in batches, so it lags by seconds.
 */
export function aiUsageMeters(runtime: Runtime): UsageMeters {
  return {
    ai_generations: async (orgId, period) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(usageLog)
        .where(
          and(
            eq(usageLog.orgId, orgId),
            eq(usageLog.outcome, 'ok'),
            ne(usageLog.operation, 'embedding'),
            gte(usageLog.createdAt, period.from.toISOString()),
            lt(usageLog.createdAt, period.to.toISOString()),
          ),
        );
      return row?.n ?? 0;
    },
  };
}

import { and, count, eq, gte, isNull, lt, ne } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { UsageMeters } from '../../../platform/usage-meter.js';
import { contacts, interactions } from './crm.tables.js';

/** Live contacts (not erased, not merged away), and emails and messages sent in the period. */
export function crmUsageMeters(runtime: Runtime): UsageMeters {
  return {
    crm_contacts: async (orgId) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(contacts)
        .where(
          and(eq(contacts.orgId, orgId), isNull(contacts.erasedAt), isNull(contacts.mergedIntoId)),
        );
      return row?.n ?? 0;
    },
    messages: async (orgId, period) => {
      const [row] = await runtime.db
        .select({ n: count() })
        .from(interactions)
        .where(
          and(
            eq(interactions.orgId, orgId),
            eq(interactions.direction, 'outbound'),
            ne(interactions.channel, 'note'),
            gte(interactions.occurredAt, period.from.toISOString()),
            lt(interactions.occurredAt, period.to.toISOString()),
          ),
        );
      return row?.n ?? 0;
    },
  };
}

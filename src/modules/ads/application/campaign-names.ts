import { and, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { campaigns } from '../infrastructure/ads.tables.js';

/** The names of an organisation's campaigns by id (ids of other organisations are not found). */
export async function campaignNames(
  runtime: Runtime,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await runtime.db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), inArray(campaigns.id, [...ids])));
  return new Map(rows.map((row) => [row.id, row.name]));
}

import { and, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { assets } from '../infrastructure/content.tables.js';

/** The titles of an organisation's assets by id (ids of other organisations are not found). */
export async function assetTitles(
  runtime: Runtime,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const uuids = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (uuids.length === 0) return new Map();
  const rows = await runtime.db
    .select({ id: assets.id, title: assets.title })
    .from(assets)
    .where(and(eq(assets.orgId, orgId), inArray(assets.id, uuids)));
  return new Map(rows.map((row) => [row.id, row.title]));
}

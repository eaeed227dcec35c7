import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { erasures } from './crm.tables.js';

export type ErasureRow = typeof erasures.$inferSelect;

/** The erasure records (the audit trail of erasures, without personal data), newest first. */
export async function listErasures(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
): Promise<ErasureRow[]> {
  const conditions: SQL[] = [eq(erasures.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(erasures.id, filter.beforeId));
  return db
    .select()
    .from(erasures)
    .where(and(...conditions))
    .orderBy(desc(erasures.id))
    .limit(filter.limit);
}

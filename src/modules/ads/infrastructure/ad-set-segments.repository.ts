import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { adSets } from './ads.tables.js';

/** The CRM segment an ad set is addressed to (messaging channels send to its members). */
export async function adSetSegmentId(
  db: Database,
  orgId: string,
  adSetId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ segmentId: adSets.crmSegmentId })
    .from(adSets)
    .where(and(eq(adSets.orgId, orgId), eq(adSets.id, adSetId)));
  return row?.segmentId ?? null;
}

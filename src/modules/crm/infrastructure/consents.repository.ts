import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { consents } from './crm.tables.js';

export type ConsentRow = typeof consents.$inferSelect;

/** Records the latest decision for each channel (one row per contact and channel). */
export async function upsertConsents(
  db: Database,
  rows: Omit<ConsentRow, 'recordedAt'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(consents)
    .values(rows)
    .onConflictDoUpdate({
      target: [consents.orgId, consents.contactId, consents.channel],
      set: {
        status: sql`excluded.status`,
        source: sql`excluded.source`,
        recordedAt: sql`now()`,
      },
    });
}

export async function consentsOf(
  db: Database,
  orgId: string,
  contactIds: readonly string[],
): Promise<ConsentRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.orgId, orgId), inArray(consents.contactId, [...contactIds])));
}

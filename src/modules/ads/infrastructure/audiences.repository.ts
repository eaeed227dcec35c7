import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { audiences } from './ads.tables.js';

export type AudienceRow = typeof audiences.$inferSelect;
type Fields = Omit<AudienceRow, 'orgId' | 'id' | 'createdAt' | 'updatedAt'>;

/** Reusable target audiences, always within one organisation. */
export async function insertAudience(db: Database, orgId: string, id: string, fields: Fields) {
  const [row] = await db
    .insert(audiences)
    .values({ orgId, id, ...fields })
    .returning();
  return row!;
}

export async function findAudience(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(audiences)
    .where(and(eq(audiences.orgId, orgId), eq(audiences.id, id)));
  return row;
}

export async function listAudiences(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(audiences.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(audiences.id, filter.beforeId));
  return db
    .select()
    .from(audiences)
    .where(and(...conditions))
    .orderBy(desc(audiences.id))
    .limit(filter.limit);
}

export async function updateAudience(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Fields>,
) {
  const [row] = await db
    .update(audiences)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(audiences.orgId, orgId), eq(audiences.id, id)))
    .returning();
  return row;
}

export async function deleteAudience(db: Database, orgId: string, id: string) {
  const rows = await db
    .delete(audiences)
    .where(and(eq(audiences.orgId, orgId), eq(audiences.id, id)))
    .returning({ id: audiences.id });
  return rows.length > 0;
}

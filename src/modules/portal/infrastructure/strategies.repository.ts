import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { strategies } from './portal.tables.js';

export type StrategyRow = typeof strategies.$inferSelect;
export type NewStrategy = typeof strategies.$inferInsert;

export async function insertStrategy(db: Database, row: NewStrategy) {
  const [inserted] = await db.insert(strategies).values(row).returning();
  return inserted!;
}

export async function findStrategy(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(strategies)
    .where(and(eq(strategies.orgId, orgId), eq(strategies.id, id)));
  return row;
}

export async function listStrategies(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(strategies.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(strategies.id, filter.beforeId));
  return db
    .select()
    .from(strategies)
    .where(and(...conditions))
    .orderBy(desc(strategies.id))
    .limit(filter.limit);
}

export async function updateStrategy(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<NewStrategy>,
) {
  const [row] = await db
    .update(strategies)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(strategies.orgId, orgId), eq(strategies.id, id)))
    .returning();
  return row;
}

export async function deleteStrategy(db: Database, orgId: string, id: string) {
  const rows = await db
    .delete(strategies)
    .where(and(eq(strategies.orgId, orgId), eq(strategies.id, id)))
    .returning({ id: strategies.id });
  return rows.length > 0;
}

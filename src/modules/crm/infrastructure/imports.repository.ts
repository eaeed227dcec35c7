import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { imports } from './crm.tables.js';

export type ImportRow = typeof imports.$inferSelect;

export async function insertImport(db: Database, row: typeof imports.$inferInsert) {
  const [inserted] = await db.insert(imports).values(row).returning();
  return inserted!;
}

export async function findImport(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.orgId, orgId), eq(imports.id, id)));
  return row;
}

export async function updateImport(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Omit<ImportRow, 'orgId' | 'id' | 'createdAt'>>,
) {
  await db
    .update(imports)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(imports.orgId, orgId), eq(imports.id, id)));
}

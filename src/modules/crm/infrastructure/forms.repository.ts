import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { forms } from './crm.tables.js';

export type FormRow = typeof forms.$inferSelect;

export async function insertForm(db: Database, row: typeof forms.$inferInsert): Promise<FormRow> {
  const [inserted] = await db.insert(forms).values(row).returning();
  return inserted!;
}

export async function findForm(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(forms)
    .where(and(eq(forms.orgId, orgId), eq(forms.id, id)));
  return row;
}

/** Public keys are global: `POST /f/{formKey}` arrives without an organisation. */
export async function findFormByPublicKey(db: Database, publicKey: string) {
  const [row] = await db.select().from(forms).where(eq(forms.publicKey, publicKey));
  return row;
}

export async function listForms(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(forms.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(forms.id, filter.beforeId));
  return db
    .select()
    .from(forms)
    .where(and(...conditions))
    .orderBy(desc(forms.id))
    .limit(filter.limit);
}

export async function deleteForm(db: Database, orgId: string, id: string) {
  const rows = await db
    .delete(forms)
    .where(and(eq(forms.orgId, orgId), eq(forms.id, id)))
    .returning({ id: forms.id });
  return rows.length > 0;
}

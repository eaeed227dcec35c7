import { and, desc, eq, like, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { companies } from './crm.tables.js';

export type CompanyRow = typeof companies.$inferSelect;
type Fields = Omit<CompanyRow, 'orgId' | 'id' | 'createdAt' | 'updatedAt'>;

/** Client companies, always within one organisation. */
export async function insertCompany(db: Database, orgId: string, id: string, fields: Fields) {
  const [row] = await db
    .insert(companies)
    .values({ orgId, id, ...fields })
    .returning();
  return row!;
}

export async function findCompany(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.orgId, orgId), eq(companies.id, id)));
  return row;
}

export async function listCompanies(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; namePrefix?: string; industry?: string; limit: number },
) {
  const conditions: SQL[] = [eq(companies.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(companies.id, filter.beforeId));
  if (filter.industry) conditions.push(eq(companies.industry, filter.industry));
  if (filter.namePrefix)
    conditions.push(like(companies.nameKey, `${filter.namePrefix.replace(/[\\%_]/g, '\\$&')}%`));
  return db
    .select()
    .from(companies)
    .where(and(...conditions))
    .orderBy(desc(companies.id))
    .limit(filter.limit);
}

export async function updateCompany(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Fields>,
) {
  const [row] = await db
    .update(companies)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(companies.orgId, orgId), eq(companies.id, id)))
    .returning();
  return row;
}

/** The company with this name (compared by its name key), created when there is none. */
export async function findOrCreateCompanyByName(
  db: Database,
  orgId: string,
  name: string,
  key: string,
  newId: string,
): Promise<string> {
  const [existing] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.orgId, orgId), eq(companies.nameKey, key)))
    .limit(1);
  if (existing) return existing.id;
  await db.insert(companies).values({ orgId, id: newId, name, nameKey: key });
  return newId;
}

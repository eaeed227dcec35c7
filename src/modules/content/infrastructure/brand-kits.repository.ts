import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { brandKits } from './content.tables.js';

export type BrandKitRow = typeof brandKits.$inferSelect;
export type BrandKitFields = Omit<BrandKitRow, 'orgId' | 'id' | 'createdAt' | 'updatedAt'>;

/** Brand kits, always within one organisation. */
export async function insertBrandKit(
  db: Database,
  orgId: string,
  id: string,
  fields: BrandKitFields,
): Promise<BrandKitRow> {
  const [row] = await db
    .insert(brandKits)
    .values({ orgId, id, ...fields })
    .returning();
  return row!;
}

export async function findBrandKit(
  db: Database,
  orgId: string,
  id: string,
): Promise<BrandKitRow | undefined> {
  const [row] = await db
    .select()
    .from(brandKits)
    .where(and(eq(brandKits.orgId, orgId), eq(brandKits.id, id)));
  return row;
}

export async function listBrandKits(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
): Promise<BrandKitRow[]> {
  const conditions: SQL[] = [eq(brandKits.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(brandKits.id, filter.beforeId));
  return db
    .select()
    .from(brandKits)
    .where(and(...conditions))
    .orderBy(desc(brandKits.id))
    .limit(filter.limit);
}

export async function updateBrandKit(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<BrandKitFields>,
): Promise<BrandKitRow | undefined> {
  const [row] = await db
    .update(brandKits)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(brandKits.orgId, orgId), eq(brandKits.id, id)))
    .returning();
  return row;
}

export async function deleteBrandKit(db: Database, orgId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(brandKits)
    .where(and(eq(brandKits.orgId, orgId), eq(brandKits.id, id)))
    .returning({ id: brandKits.id });
  return rows.length > 0;
}

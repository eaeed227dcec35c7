import { eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { organizations } from './identity.tables.js';

export type OrganizationRow = typeof organizations.$inferSelect;

export async function insertOrganization(
  db: Database,
  organization: typeof organizations.$inferInsert,
): Promise<void> {
  await db.insert(organizations).values(organization);
}

export async function findOrganization(db: Database, orgId: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, orgId)).limit(1);
  return row;
}

export async function findOrganizationBySlug(db: Database, slug: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return row;
}

export async function updateOrganization(
  db: Database,
  orgId: string,
  fields: Partial<Pick<OrganizationRow, 'name' | 'locale' | 'timeZone'>>,
) {
  const [row] = await db
    .update(organizations)
    .set(fields)
    .where(eq(organizations.id, orgId))
    .returning();
  return row;
}

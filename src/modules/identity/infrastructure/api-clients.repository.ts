import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { apiClients } from './identity.tables.js';

export type ApiClientRow = typeof apiClients.$inferSelect;

export async function insertApiClient(db: Database, client: typeof apiClients.$inferInsert) {
  await db.insert(apiClients).values(client);
}

export async function listApiClients(
  db: Database,
  orgId: string,
  page: { limit: number; beforeId?: string; includeRevoked: boolean },
) {
  return db
    .select()
    .from(apiClients)
    .where(
      and(
        eq(apiClients.orgId, orgId),
        page.includeRevoked ? sql`true` : isNull(apiClients.revokedAt),
        page.beforeId ? lt(apiClients.id, page.beforeId) : sql`true`,
      ),
    )
    .orderBy(desc(apiClients.id))
    .limit(page.limit);
}

export async function findApiClient(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.orgId, orgId), eq(apiClients.id, id)))
    .limit(1);
  return row;
}

export async function revokeApiClient(db: Database, orgId: string, id: string) {
  const [row] = await db
    .update(apiClients)
    .set({ revokedAt: sql`coalesce(${apiClients.revokedAt}, now())` })
    .where(and(eq(apiClients.orgId, orgId), eq(apiClients.id, id)))
    .returning();
  return row;
}

export async function replaceApiClientSecret(
  db: Database,
  orgId: string,
  id: string,
  secretHash: string,
) {
  const [row] = await db
    .update(apiClients)
    .set({ secretHash })
    .where(and(eq(apiClients.orgId, orgId), eq(apiClients.id, id), isNull(apiClients.revokedAt)))
    .returning();
  return row;
}

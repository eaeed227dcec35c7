import { eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { providerSettings } from './ai.tables.js';

export type ProviderSettingsRow = typeof providerSettings.$inferSelect;
export type ProviderSettingsInsert = typeof providerSettings.$inferInsert;

export async function findProviderSettings(
  db: Database,
  orgId: string,
): Promise<ProviderSettingsRow | null> {
  const [row] = await db
    .select()
    .from(providerSettings)
    .where(eq(providerSettings.orgId, orgId))
    .limit(1);
  return row ?? null;
}

export async function saveProviderSettings(
  db: Database,
  row: ProviderSettingsInsert,
): Promise<ProviderSettingsRow> {
  const { orgId: _orgId, ...changes } = row;
  const [saved] = await db
    .insert(providerSettings)
    .values(row)
    .onConflictDoUpdate({ target: providerSettings.orgId, set: changes })
    .returning();
  if (!saved) throw new Error('upsert returned no row');
  return saved;
}

export async function deleteProviderSettings(db: Database, orgId: string): Promise<boolean> {
  const deleted = await db
    .delete(providerSettings)
    .where(eq(providerSettings.orgId, orgId))
    .returning({ orgId: providerSettings.orgId });
  return deleted.length > 0;
}

import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import type { SyncProvider } from '../domain/crm-sync.js';
import { syncConnections } from './crm-sync.tables.js';

export type SyncConnectionRow = typeof syncConnections.$inferSelect;

export interface SyncConnection extends Omit<SyncConnectionRow, 'tokenEncrypted'> {
  token: string;
}

export interface NewSyncConnection {
  orgId: string;
  provider: SyncProvider;
  token: string;
  externalAccountId: string;
  currency: string | null;
  instanceUrl: string | null;
  connectedBy: string;
}

const scope = (orgId: string, provider: SyncProvider) =>
  and(eq(syncConnections.orgId, orgId), eq(syncConnections.provider, provider));

/** The organisation's connection to a provider, the token decrypted for a call. */
export async function findSyncConnection(
  db: Database,
  crypto: FieldCrypto,
  orgId: string,
  provider: SyncProvider,
): Promise<SyncConnection | undefined> {
  const [row] = await db.select().from(syncConnections).where(scope(orgId, provider));
  if (!row) return undefined;
  const { tokenEncrypted, ...rest } = row;
  return { ...rest, token: crypto.decrypt(tokenEncrypted) };
}

/** Connects, or reconnects: a fresh token makes a connection that needed attention active. */
export async function saveSyncConnection(
  db: Database,
  crypto: FieldCrypto,
  input: NewSyncConnection,
): Promise<SyncConnectionRow> {
  const values = {
    tokenEncrypted: crypto.encrypt(input.token),
    externalAccountId: input.externalAccountId,
    currency: input.currency,
    instanceUrl: input.instanceUrl,
    connectedBy: input.connectedBy,
    status: 'active',
    lastError: null,
    updatedAt: new Date().toISOString(),
  };
  const [row] = await db
    .insert(syncConnections)
    .values({ orgId: input.orgId, provider: input.provider, id: uuidv7(), ...values })
    .onConflictDoUpdate({ target: [syncConnections.orgId, syncConnections.provider], set: values })
    .returning();
  return row!;
}

/** The provider refused the token: no call is made for this organisation until it reconnects. */
export async function markNeedsAttention(
  db: Database,
  orgId: string,
  provider: SyncProvider,
  reason: string,
): Promise<void> {
  await db
    .update(syncConnections)
    .set({ status: 'needs_attention', lastError: reason, updatedAt: new Date().toISOString() })
    .where(scope(orgId, provider));
}

export async function deleteSyncConnection(
  db: Database,
  orgId: string,
  provider: SyncProvider,
): Promise<boolean> {
  const rows = await db
    .delete(syncConnections)
    .where(scope(orgId, provider))
    .returning({ id: syncConnections.id });
  return rows.length > 0;
}

/** Organisations with an active connection to the provider, for the scheduled sync. */
export async function activeSyncConnections(
  db: Database,
  provider: SyncProvider,
): Promise<string[]> {
  const rows = await db
    .select({ orgId: syncConnections.orgId })
    .from(syncConnections)
    .where(and(eq(syncConnections.provider, provider), eq(syncConnections.status, 'active')));
  return rows.map((row) => row.orgId);
}

/**
 * Which of `providers` the organisation has connected (whatever their status). Named providers
 * keep the look-up on the primary key's both columns.
 */
export async function connectedProviders(
  db: Database,
  orgId: string,
  providers: readonly string[],
): Promise<string[]> {
  const rows = await db
    .select({ provider: syncConnections.provider })
    .from(syncConnections)
    .where(
      and(eq(syncConnections.orgId, orgId), inArray(syncConnections.provider, [...providers])),
    );
  return rows.map((row) => row.provider);
}

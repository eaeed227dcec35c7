import { and, desc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import type { SyncProvider } from '../domain/crm-sync.js';
import { syncCursors, syncRuns } from './crm-sync.tables.js';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type SyncCursor = Pick<typeof syncCursors.$inferSelect, 'pulledThrough' | 'pushedThrough'>;

export async function readCursor(
  db: Database,
  orgId: string,
  provider: SyncProvider,
  object: string,
): Promise<SyncCursor> {
  const [row] = await db
    .select({ pulledThrough: syncCursors.pulledThrough, pushedThrough: syncCursors.pushedThrough })
    .from(syncCursors)
    .where(
      and(
        eq(syncCursors.orgId, orgId),
        eq(syncCursors.provider, provider),
        eq(syncCursors.object, object),
      ),
    );
  return row ?? { pulledThrough: null, pushedThrough: null };
}

/** Moves the cursor forward (each side only when given). */
export async function advanceCursor(
  db: Database,
  orgId: string,
  provider: SyncProvider,
  object: string,
  to: Partial<SyncCursor>,
): Promise<void> {
  await db
    .insert(syncCursors)
    .values({ orgId, provider, object, ...to })
    .onConflictDoUpdate({
      target: [syncCursors.orgId, syncCursors.provider, syncCursors.object],
      set: to,
    });
}

export async function startSyncRun(
  db: Database,
  orgId: string,
  provider: SyncProvider,
  trigger: 'schedule' | 'manual' | 'erasure',
): Promise<SyncRunRow> {
  const [row] = await db
    .insert(syncRuns)
    .values({ orgId, id: uuidv7(), provider, trigger })
    .returning();
  return row!;
}

export async function finishSyncRun(
  db: Database,
  run: Pick<
    SyncRunRow,
    'orgId' | 'id' | 'status' | 'pulled' | 'pushed' | 'skipped' | 'erased' | 'failed' | 'errors'
  >,
): Promise<SyncRunRow> {
  const { orgId, id, ...counts } = run;
  const [row] = await db
    .update(syncRuns)
    .set({ ...counts, finishedAt: sql`now()` })
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.id, id)))
    .returning();
  return row!;
}

/** The organisation's latest runs with a provider, newest first. */
export async function latestSyncRuns(
  db: Database,
  orgId: string,
  provider: SyncProvider,
  limit: number,
): Promise<SyncRunRow[]> {
  return db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.provider, provider)))
    .orderBy(desc(syncRuns.id))
    .limit(limit);
}

/** Forgets how far syncs got, so a connection to another account starts from the beginning. */
export async function forgetCursors(db: Database, orgId: string, provider: SyncProvider) {
  await db
    .delete(syncCursors)
    .where(and(eq(syncCursors.orgId, orgId), eq(syncCursors.provider, provider)));
}

import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { ContentBrief } from '../domain/content-brief.js';
import { contentRequests } from './content.tables.js';

export type ContentRequestRow = typeof contentRequests.$inferSelect;
export type ContentRequestStatus = 'queued' | 'generating' | 'completed' | 'failed';

export async function insertContentRequest(
  db: Database,
  row: {
    orgId: string;
    id: string;
    createdBy: string | null;
    brief: ContentBrief;
    expected: number;
  },
): Promise<ContentRequestRow> {
  const [inserted] = await db
    .insert(contentRequests)
    .values({ ...row, status: 'queued' })
    .returning();
  return inserted!;
}

export async function findContentRequest(
  db: Database,
  orgId: string,
  id: string,
): Promise<ContentRequestRow | undefined> {
  const [row] = await db
    .select()
    .from(contentRequests)
    .where(and(eq(contentRequests.orgId, orgId), eq(contentRequests.id, id)));
  return row;
}

export async function listContentRequests(
  db: Database,
  orgId: string,
  filter: { status?: string; beforeId?: string; limit: number },
): Promise<ContentRequestRow[]> {
  const conditions: SQL[] = [eq(contentRequests.orgId, orgId)];
  if (filter.status) conditions.push(eq(contentRequests.status, filter.status));
  if (filter.beforeId) conditions.push(lt(contentRequests.id, filter.beforeId));
  return db
    .select()
    .from(contentRequests)
    .where(and(...conditions))
    .orderBy(desc(contentRequests.id))
    .limit(filter.limit);
}

/**
 * Moves a request to `to` only from one of `from` (compare-and-set), so a duplicate job delivery
 * or a retry racing a running job cannot both win. Returns the updated row or undefined.
 */
export async function moveContentRequest(
  db: Database,
  orgId: string,
  id: string,
  from: readonly ContentRequestStatus[],
  to: ContentRequestStatus,
  extra: Partial<
    Pick<ContentRequestRow, 'failureReason' | 'generated' | 'startedAt' | 'finishedAt'>
  > & {
    countAttempt?: boolean;
  } = {},
): Promise<ContentRequestRow | undefined> {
  const { countAttempt, ...fields } = extra;
  const [row] = await db
    .update(contentRequests)
    .set({
      status: to,
      ...fields,
      ...(countAttempt ? { attempts: sql`${contentRequests.attempts} + 1` } : {}),
      updatedAt: new Date().toISOString(),
    })
    .where(
      and(
        eq(contentRequests.orgId, orgId),
        eq(contentRequests.id, id),
        inArray(contentRequests.status, [...from]),
      ),
    )
    .returning();
  return row;
}

/** One more asset of the request generated (variants land in any order). */
export async function countGenerated(db: Database, orgId: string, id: string): Promise<void> {
  await db
    .update(contentRequests)
    .set({ generated: sql`${contentRequests.generated} + 1`, updatedAt: new Date().toISOString() })
    .where(and(eq(contentRequests.orgId, orgId), eq(contentRequests.id, id)));
}

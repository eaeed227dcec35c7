import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { agendaTasks, calendarFeedTokens, notifications } from './portal.tables.js';

export type AgendaTaskRow = typeof agendaTasks.$inferSelect;
export type NewAgendaTask = typeof agendaTasks.$inferInsert;
export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;

export async function insertAgendaTasks(db: Database, rows: NewAgendaTask[]) {
  if (rows.length > 0) await db.insert(agendaTasks).values(rows);
}

export async function tasksOfRequest(db: Database, orgId: string, requestId: string) {
  return db
    .select()
    .from(agendaTasks)
    .where(and(eq(agendaTasks.orgId, orgId), eq(agendaTasks.requestId, requestId)))
    .orderBy(asc(agendaTasks.dueAt));
}

/** The organisation's tasks in a time range, optionally those of one user (or unassigned). */
export async function tasksOfOrg(
  db: Database,
  orgId: string,
  filter: { from?: string; to?: string; userId?: string; status?: string; limit: number },
) {
  const conditions: SQL[] = [eq(agendaTasks.orgId, orgId)];
  if (filter.from) conditions.push(gte(agendaTasks.dueAt, filter.from));
  if (filter.to) conditions.push(lte(agendaTasks.dueAt, filter.to));
  if (filter.status) conditions.push(eq(agendaTasks.status, filter.status));
  if (filter.userId)
    conditions.push(
      or(eq(agendaTasks.assigneeUserId, filter.userId), isNull(agendaTasks.assigneeUserId))!,
    );
  return db
    .select()
    .from(agendaTasks)
    .where(and(...conditions))
    .orderBy(asc(agendaTasks.dueAt))
    .limit(filter.limit);
}

export async function updateTask(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<NewAgendaTask>,
) {
  const [row] = await db
    .update(agendaTasks)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(agendaTasks.orgId, orgId), eq(agendaTasks.id, id)))
    .returning();
  return row;
}

/** Open tasks due within `horizon` (or overdue) that still owe a reminder or alert, across orgs. */
export async function tasksNeedingAlerts(db: Database, horizon: string, limit: number) {
  return db
    .select()
    .from(agendaTasks)
    .where(
      and(
        eq(agendaTasks.status, 'open'),
        lte(agendaTasks.dueAt, horizon),
        or(isNull(agendaTasks.remindedAt), isNull(agendaTasks.overdueAlertedAt)),
      ),
    )
    .orderBy(asc(agendaTasks.dueAt))
    .limit(limit);
}

export async function insertNotifications(db: Database, rows: NewNotification[]) {
  if (rows.length > 0) await db.insert(notifications).values(rows);
}

export async function notificationsOf(
  db: Database,
  orgId: string,
  userId: string,
  filter: { beforeId?: string; afterId?: string; unread?: boolean; limit: number },
) {
  const conditions: SQL[] = [eq(notifications.orgId, orgId), eq(notifications.userId, userId)];
  if (filter.beforeId) conditions.push(lt(notifications.id, filter.beforeId));
  if (filter.afterId) conditions.push(gt(notifications.id, filter.afterId));
  if (filter.unread) conditions.push(isNull(notifications.readAt));
  return db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.id))
    .limit(filter.limit);
}

export async function markNotificationRead(
  db: Database,
  orgId: string,
  userId: string,
  id: string,
) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: new Date().toISOString() })
    .where(
      and(
        eq(notifications.orgId, orgId),
        eq(notifications.userId, userId),
        eq(notifications.id, id),
      ),
    )
    .returning();
  return row;
}

export const hashFeedToken = (token: string) =>
  createHash('sha256').update(token).digest('base64url');

/** Replaces a user's calendar feed token (the old URLs stop working). */
export async function replaceFeedToken(db: Database, orgId: string, userId: string, token: string) {
  await db.transaction(async (tx) => {
    await tx
      .delete(calendarFeedTokens)
      .where(and(eq(calendarFeedTokens.orgId, orgId), eq(calendarFeedTokens.userId, userId)));
    await tx.insert(calendarFeedTokens).values({ tokenHash: hashFeedToken(token), orgId, userId });
  });
}

export async function findFeedToken(db: Database, token: string) {
  const [row] = await db
    .select()
    .from(calendarFeedTokens)
    .where(eq(calendarFeedTokens.tokenHash, hashFeedToken(token)));
  return row;
}

export async function updateTasksOfRequest(
  db: Database,
  orgId: string,
  requestId: string,
  kind: string,
  fields: Partial<NewAgendaTask>,
) {
  await db
    .update(agendaTasks)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(
      and(
        eq(agendaTasks.orgId, orgId),
        eq(agendaTasks.requestId, requestId),
        eq(agendaTasks.kind, kind),
        eq(agendaTasks.status, 'open'),
      ),
    );
}

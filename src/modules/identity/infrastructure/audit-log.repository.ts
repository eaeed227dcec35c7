import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { recordsetInsert } from '../../../platform/db/recordset-insert.js';
import { auditLog } from './identity.tables.js';

export type AuditEntry = typeof auditLog.$inferInsert;
export type AuditRow = typeof auditLog.$inferSelect;

// Every column is listed: an entry without `target` or `ip` stores null, the columns' default.
const insertBatch = recordsetInsert<AuditEntry>(auditLog);

/** Inserts a batch of entries (up to 500) in one statement with one JSON parameter. */
export async function insertAuditEntries(db: Database, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.execute(insertBatch(entries));
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

/** Newest first, keyset-paged on the time-ordered id within the organisation. */
export async function queryAuditLog(
  db: Database,
  orgId: string,
  filter: AuditFilter,
  page: { limit: number; beforeId?: string },
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        filter.actor ? eq(auditLog.actor, filter.actor) : undefined,
        filter.action ? eq(auditLog.action, filter.action) : undefined,
        filter.target ? eq(auditLog.target, filter.target) : undefined,
        filter.from ? gte(auditLog.occurredAt, filter.from) : undefined,
        filter.to ? lte(auditLog.occurredAt, filter.to) : undefined,
        page.beforeId ? lt(auditLog.id, page.beforeId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}

/** Deletes entries older than the retention; returns how many went. */
export async function purgeAuditLog(db: Database, retentionDays: number): Promise<number> {
  const rows = await db
    .delete(auditLog)
    .where(lt(auditLog.occurredAt, sql`now() - make_interval(days => ${retentionDays})`))
    .returning({ id: auditLog.id });
  return rows.length;
}

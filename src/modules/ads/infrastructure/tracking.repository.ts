import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { clicks, conversions, signingSecrets, trackedLinks } from './ads.tables.js';

export type TrackedLinkRow = typeof trackedLinks.$inferSelect;
export type ClickRow = typeof clicks.$inferSelect;
export type ConversionRow = typeof conversions.$inferSelect;
export type SigningSecretRow = typeof signingSecrets.$inferSelect;

export async function insertTrackedLink(db: Database, row: Omit<TrackedLinkRow, 'createdAt'>) {
  const [inserted] = await db.insert(trackedLinks).values(row).returning();
  return inserted!;
}

/** By code, across organisations: the public redirect knows only the code. */
export async function findLinkByCode(db: Database, code: string) {
  const [row] = await db.select().from(trackedLinks).where(eq(trackedLinks.code, code));
  return row;
}

export async function findTrackedLink(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(trackedLinks)
    .where(and(eq(trackedLinks.orgId, orgId), eq(trackedLinks.id, id)));
  return row;
}

export async function listTrackedLinks(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number; adId?: string },
) {
  const conditions: SQL[] = [eq(trackedLinks.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(trackedLinks.id, filter.beforeId));
  if (filter.adId) conditions.push(eq(trackedLinks.adId, filter.adId));
  return db
    .select()
    .from(trackedLinks)
    .where(and(...conditions))
    .orderBy(desc(trackedLinks.id))
    .limit(filter.limit);
}

/**
 * A batch of clicks in one statement of eight array parameters (unnest): building and parsing a
 * thousand-row VALUES list cost more CPU than the insert itself.
 */
export async function insertClicks(db: Database, rows: readonly ClickRow[]) {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: ClickRow) => T) => sql.param(rows.map(pick));
  await db.execute(
    sql`insert into ${clicks} (org_id, id, link_id, ad_id, utm, user_agent, referrer, occurred_at)
        select * from unnest(
          ${column((row) => row.orgId)}::uuid[],
          ${column((row) => row.id)}::uuid[],
          ${column((row) => row.linkId)}::uuid[],
          ${column((row) => row.adId)}::uuid[],
          ${column((row) => JSON.stringify(row.utm))}::jsonb[],
          ${column((row) => row.userAgent)}::text[],
          ${column((row) => row.referrer)}::text[],
          ${column((row) => row.occurredAt)}::timestamptz[])`,
  );
}

/** Inserts unless the event id is known; undefined for a duplicate. */
export async function insertConversion(
  db: Database,
  row: Omit<ConversionRow, 'receivedAt' | 'countedAt'>,
) {
  const [inserted] = await db
    .insert(conversions)
    .values(row)
    .onConflictDoNothing({ target: [conversions.orgId, conversions.eventId] })
    .returning();
  return inserted;
}

export async function findSigningSecret(db: Database, orgId: string) {
  const [row] = await db.select().from(signingSecrets).where(eq(signingSecrets.orgId, orgId));
  return row;
}

/** Stores a new secret, keeping the current one as the previous (accepted during rotation). */
export async function rotateSigningSecret(db: Database, orgId: string, secretEncrypted: string) {
  const existing = await findSigningSecret(db, orgId);
  const now = new Date().toISOString();
  if (!existing) {
    const [row] = await db
      .insert(signingSecrets)
      .values({ orgId, secretEncrypted, rotatedAt: now })
      .returning();
    return row!;
  }
  const [row] = await db
    .update(signingSecrets)
    .set({
      secretEncrypted,
      previousSecretEncrypted: existing.secretEncrypted,
      rotatedAt: now,
      version: existing.version + 1,
    })
    .where(eq(signingSecrets.orgId, orgId))
    .returning();
  return row!;
}

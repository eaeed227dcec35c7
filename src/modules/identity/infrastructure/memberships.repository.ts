import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { memberships, users } from './identity.tables.js';

export type MembershipRow = typeof memberships.$inferSelect;

export async function insertMembership(
  db: Database,
  membership: typeof memberships.$inferInsert,
): Promise<void> {
  await db.insert(memberships).values(membership);
}

export async function findMembership(db: Database, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}

/** Locks the membership row for the rest of the transaction. */
export async function findMembershipForUpdate(db: Database, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .for('update');
  return row;
}

/**
 * Locks the organisation's owner rows and counts them, so two concurrent demotions cannot both
 * see "another owner is left" and leave the organisation without one.
 */
export async function lockOwners(db: Database, orgId: string): Promise<number> {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, 'owner')))
    .orderBy(asc(memberships.userId))
    .for('update');
  return rows.length;
}

export async function setMembershipRole(db: Database, orgId: string, userId: string, role: string) {
  await db
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Database, orgId: string, userId: string) {
  await db
    .delete(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
}

/**
 * One page of members with their user record, keyset-ordered by user id. The page is cut from
 * the memberships' primary key first and only its rows are joined to their users, so the
 * planner cannot walk the users in id order and filter memberships by organisation instead.
 */
export async function listMembers(
  db: Database,
  orgId: string,
  page: { limit: number; afterUserId?: string },
) {
  const members = db
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.orgId, orgId),
        page.afterUserId ? gt(memberships.userId, page.afterUserId) : sql`true`,
      ),
    )
    .orderBy(asc(memberships.userId))
    .limit(page.limit)
    .as('members');
  return db
    .select({
      userId: members.userId,
      role: members.role,
      joinedAt: members.createdAt,
      name: users.name,
      emailCiphertext: users.emailCiphertext,
      emailVerifiedAt: users.emailVerifiedAt,
      locale: users.locale,
      timeZone: users.timeZone,
    })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .orderBy(asc(members.userId));
}

/** The user's memberships, oldest first (the default organisation at login). */
export async function membershipsOfUser(db: Database, userId: string) {
  return db
    .select()
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(memberships.orgId));
}

import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { invitations } from './identity.tables.js';

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(db: Database, invitation: typeof invitations.$inferInsert) {
  await db.insert(invitations).values(invitation);
}

/** Pending invitations of one organisation, newest first. */
export async function listPendingInvitations(
  db: Database,
  orgId: string,
  page: { limit: number; beforeId?: string },
) {
  return db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.orgId, orgId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
        page.beforeId ? lt(invitations.id, page.beforeId) : sql`true`,
      ),
    )
    .orderBy(desc(invitations.id))
    .limit(page.limit);
}

export async function revokeInvitation(db: Database, orgId: string, id: string) {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(invitations.orgId, orgId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  return row;
}

/** A usable invitation by token hash, locked for the accepting transaction. */
export async function findUsableInvitationForUpdate(db: Database, tokenHash: string) {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, sql`now()`),
      ),
    )
    .for('update');
  return row;
}

export async function markInvitationAccepted(
  db: Database,
  orgId: string,
  id: string,
  userId: string,
) {
  await db
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedBy: userId })
    .where(and(eq(invitations.orgId, orgId), eq(invitations.id, id)));
}

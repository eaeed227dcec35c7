import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { users } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;

/** Users are global (one person, several organisations): look-ups are by keyed email hash or id. */
export async function findUserByEmailLookup(db: Database, emailLookup: string) {
  const [row] = await db.select().from(users).where(eq(users.emailLookup, emailLookup)).limit(1);
  return row;
}

export async function findUserById(db: Database, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function insertUser(db: Database, user: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(user);
}

export async function updatePassword(
  db: Database,
  id: string,
  passwordHash: string,
): Promise<void> {
  await db
    .update(users)
    .set({
      passwordHash,
      // The application's clock, as the tokens' `iat_ms` it is compared with.
      sessionsRevokedAt: new Date().toISOString(),
      updatedAt: sql`now()`,
    })
    .where(eq(users.id, id));
}

export async function markEmailVerified(db: Database, id: string): Promise<void> {
  await db
    .update(users)
    .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

export async function updateProfile(
  db: Database,
  id: string,
  fields: Partial<Pick<UserRow, 'name' | 'locale' | 'timeZone'>>,
) {
  const [row] = await db
    .update(users)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

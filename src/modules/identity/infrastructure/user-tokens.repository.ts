import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { userTokens } from './identity.tables.js';

export type UserTokenPurpose = 'verify_email' | 'reset_password';

/** Stores a new token hash and retires the user's earlier unused tokens of the same purpose. */
export async function replaceUserToken(
  db: Database,
  token: {
    id: string;
    userId: string;
    purpose: UserTokenPurpose;
    tokenHash: string;
    expiresAt: string;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(userTokens)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(userTokens.userId, token.userId),
          eq(userTokens.purpose, token.purpose),
          isNull(userTokens.usedAt),
        ),
      );
    await tx.insert(userTokens).values(token);
  });
}

/**
 * Marks the token used and returns its user, in one statement: of two concurrent uses only one
 * wins. Unknown, expired and used tokens all return undefined.
 */
export async function consumeUserToken(
  db: Database,
  purpose: UserTokenPurpose,
  tokenHash: string,
): Promise<string | undefined> {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(userTokens.tokenHash, tokenHash),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: userTokens.userId });
  return row?.userId;
}

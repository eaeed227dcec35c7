import { and, asc, eq, gt, isNotNull, isNull, or } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { ContactRow } from './contacts.repository.js';
import { contacts } from './crm.tables.js';

/** Where a page of changed contacts ended: the last row's change time and id. */
export interface ChangeKey {
  updatedAt: string;
  id: string;
}

/**
 * Live contacts with an email (the key the other CRM matches on) changed after `since`, oldest
 * change first, continuing after `after` within one run.
 */
export async function contactsChangedAfter(
  db: Database,
  orgId: string,
  since: string | null,
  after: ChangeKey | null,
  limit: number,
): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.orgId, orgId),
        isNull(contacts.erasedAt),
        isNull(contacts.mergedIntoId),
        isNotNull(contacts.emailHash),
        since === null ? undefined : gt(contacts.updatedAt, since),
        after === null
          ? undefined
          : or(
              gt(contacts.updatedAt, after.updatedAt),
              and(eq(contacts.updatedAt, after.updatedAt), gt(contacts.id, after.id)),
            ),
      ),
    )
    .orderBy(asc(contacts.updatedAt), asc(contacts.id))
    .limit(limit);
}

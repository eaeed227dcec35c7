import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { contacts } from './crm.tables.js';

export type ContactRow = typeof contacts.$inferSelect;

/** One live (not erased, not merged away) contact of the organisation, or undefined. */
export async function findContact(
  db: Database,
  orgId: string,
  contactId: string,
): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)))
    .limit(1);
  return row;
}

/** Contacts of the organisation by id (unknown or foreign ids are simply absent). */
export async function findContactsByIds(
  db: Database,
  orgId: string,
  contactIds: readonly string[],
): Promise<ContactRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.orgId, orgId),
        inArray(contacts.id, [...contactIds]),
        isNull(contacts.erasedAt),
      ),
    );
}

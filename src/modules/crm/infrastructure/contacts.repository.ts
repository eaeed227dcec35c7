import {
  and,
  arrayContains,
  desc,
  eq,
  ilike,
  inArray,
  isNull,
  lt,
  or,
  type SQL,
} from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { contacts } from './crm.tables.js';

export type ContactRow = typeof contacts.$inferSelect;
export type NewContactRow = typeof contacts.$inferInsert;

/** One contact of the organisation (erased and merged ones included), or undefined. */
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

/** Live contacts of the organisation by id (unknown, foreign or erased ids are absent). */
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

/** Live (not erased, not merged away) contacts with this email or phone hash, oldest first. */
export async function findContactsByHashes(
  db: Database,
  orgId: string,
  hashes: { emailHash?: string; phoneHash?: string },
): Promise<ContactRow[]> {
  const matches: SQL[] = [];
  if (hashes.emailHash) matches.push(eq(contacts.emailHash, hashes.emailHash));
  if (hashes.phoneHash) matches.push(eq(contacts.phoneHash, hashes.phoneHash));
  if (matches.length === 0) return [];
  return db
    .select()
    .from(contacts)
    .where(
      and(
        eq(contacts.orgId, orgId),
        or(...matches),
        isNull(contacts.erasedAt),
        isNull(contacts.mergedIntoId),
      ),
    )
    .orderBy(contacts.id)
    .limit(10);
}

export async function insertContact(db: Database, row: NewContactRow): Promise<ContactRow> {
  const [inserted] = await db.insert(contacts).values(row).returning();
  return inserted!;
}

export async function updateContactColumns(
  db: Database,
  orgId: string,
  contactId: string,
  columns: Partial<NewContactRow>,
): Promise<ContactRow | undefined> {
  const [row] = await db
    .update(contacts)
    .set({ ...columns, updatedAt: new Date().toISOString() })
    .where(and(eq(contacts.orgId, orgId), eq(contacts.id, contactId)))
    .returning();
  return row;
}

export interface ContactFilter {
  lifecycleStage?: string;
  classification?: string;
  source?: string;
  campaignId?: string;
  companyId?: string;
  ownerUserId?: string;
  tag?: string;
  emailHash?: string;
  phoneHash?: string;
  /** Prefix of the first or last name. */
  name?: string;
  includeMerged?: boolean;
  beforeId?: string;
  limit: number;
}

/** Newest first, keyset-paginated by id; erased contacts are never listed. */
export async function listContacts(
  db: Database,
  orgId: string,
  filter: ContactFilter,
): Promise<ContactRow[]> {
  const conditions: SQL[] = [eq(contacts.orgId, orgId), isNull(contacts.erasedAt)];
  if (!filter.includeMerged) conditions.push(isNull(contacts.mergedIntoId));
  if (filter.lifecycleStage) conditions.push(eq(contacts.lifecycleStage, filter.lifecycleStage));
  if (filter.classification) conditions.push(eq(contacts.classification, filter.classification));
  if (filter.source) conditions.push(eq(contacts.source, filter.source));
  if (filter.campaignId) conditions.push(eq(contacts.campaignId, filter.campaignId));
  if (filter.companyId) conditions.push(eq(contacts.companyId, filter.companyId));
  if (filter.ownerUserId) conditions.push(eq(contacts.ownerUserId, filter.ownerUserId));
  if (filter.tag) conditions.push(arrayContains(contacts.tags, [filter.tag]));
  if (filter.emailHash) conditions.push(eq(contacts.emailHash, filter.emailHash));
  if (filter.phoneHash) conditions.push(eq(contacts.phoneHash, filter.phoneHash));
  if (filter.name) {
    const pattern = `${filter.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(contacts.firstName, pattern), ilike(contacts.lastName, pattern))!);
  }
  if (filter.beforeId) conditions.push(lt(contacts.id, filter.beforeId));
  return db
    .select()
    .from(contacts)
    .where(and(...conditions))
    .orderBy(desc(contacts.id))
    .limit(filter.limit);
}

import { and, arrayContains, eq, inArray, isNull, like, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { keysetAfter, keysetOrder, type Keyset } from '../../../platform/db/keyset.js';
import { foldName } from '../domain/name-folding.js';
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

export const contactSortFields = ['created', 'updated', 'name', 'score'] as const;
export type ContactSortField = (typeof contactSortFields)[number];

/** Each sort's key: a column or the expression its index is built on. */
const contactSortKeys = {
  created: contacts.createdAt,
  updated: contacts.updatedAt,
  name: contacts.nameKey,
  score: sql`coalesce(${contacts.score}, -1)`,
} satisfies Record<ContactSortField, Keyset['key']>;

/** A row's value of the sort key, as its cursor remembers it. */
export function contactSortValue(row: ContactRow, field: ContactSortField): string | number {
  if (field === 'created') return row.createdAt;
  if (field === 'updated') return row.updatedAt;
  if (field === 'name') return row.nameKey;
  return row.score ?? -1;
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
  /** Start of the first or last name, accents and case ignored. */
  name?: string;
  includeMerged?: boolean;
}

export interface ContactPage {
  sort?: { field: ContactSortField; descending: boolean };
  after?: { value: string | number; id: string };
  limit: number;
}

/** Escapes `%`, `_` and `\` so a search term matches literally in a `like` pattern. */
function likePrefix(term: string) {
  return `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The conditions of a contact list filter (erased contacts are never listed). */
export function contactConditions(orgId: string, filter: ContactFilter): SQL[] {
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
    const pattern = likePrefix(foldName(filter.name));
    conditions.push(or(like(contacts.nameKey, pattern), like(contacts.lastNameKey, pattern))!);
  }
  return conditions;
}

/** One page of contacts in the requested order (newest first by default), keyset-paginated. */
export async function listContacts(
  db: Database,
  orgId: string,
  filter: ContactFilter,
  page: ContactPage,
): Promise<ContactRow[]> {
  const { field, descending } = page.sort ?? { field: 'created', descending: true };
  const keyset: Keyset = { key: contactSortKeys[field], id: contacts.id, descending };
  const conditions = contactConditions(orgId, filter);
  if (page.after) conditions.push(keysetAfter(keyset, page.after));
  return db
    .select()
    .from(contacts)
    .where(and(...conditions))
    .orderBy(...keysetOrder(keyset))
    .limit(page.limit);
}

/**
 * The live contacts among `ids` with their tags, locked for the rest of the transaction so a
 * bulk action checks and changes the same rows; unknown, foreign, erased and merged ids are absent.
 */
export async function lockLiveContacts(
  db: Database,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ id: contacts.id, tags: contacts.tags })
    .from(contacts)
    .where(
      and(
        eq(contacts.orgId, orgId),
        inArray(contacts.id, [...ids]),
        isNull(contacts.erasedAt),
        isNull(contacts.mergedIntoId),
      ),
    )
    .orderBy(contacts.id)
    .for('update');
  return new Map(rows.map((row) => [row.id, row.tags]));
}

/** Sets one column change on many contacts of the organisation (`tags` as a SQL expression). */
export async function updateContactsColumns(
  db: Database,
  orgId: string,
  ids: readonly string[],
  columns: { ownerUserId?: string | null; tags?: SQL },
): Promise<void> {
  await db
    .update(contacts)
    .set({ ...columns, updatedAt: new Date().toISOString() })
    .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, [...ids])));
}

/** `tags` with `tag` added once (kept where it is when already there). */
export const withTag = (tag: string) =>
  sql`case when ${tag} = any(${contacts.tags}) then ${contacts.tags} else array_append(${contacts.tags}, ${tag}::text) end`;

/** `tags` without `tag`. */
export const withoutTag = (tag: string) => sql`array_remove(${contacts.tags}, ${tag}::text)`;

import { and, desc, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { SegmentRules } from '../domain/segment-rules.js';
import { compileRules, type FieldColumns } from './segment-sql.js';
import { consents, contacts } from './crm.tables.js';
import { segmentMembers, segments } from './segments.tables.js';
import { affectedRows, rowsOf } from '../../../platform/db/raw-result.js';

export type SegmentRow = typeof segments.$inferSelect;
type NewSegment = Omit<typeof segments.$inferInsert, 'createdAt' | 'updatedAt'>;

const utm = (key: string) =>
  sql`coalesce(${contacts.utm} ->> ${`utm_${key}`}, ${contacts.utm} ->> ${key})`;

/** Each rule field read from the contact row (age from the birth year, UTM from its JSON). */
export const contactFieldColumns: FieldColumns = {
  country: sql`${contacts.country}`,
  city: sql`${contacts.city}`,
  age: sql`(extract(year from now())::int - ${contacts.birthYear})`,
  gender: sql`${contacts.gender}`,
  interests: sql`${contacts.interests}`,
  tags: sql`${contacts.tags}`,
  language: sql`${contacts.language}`,
  lifecycle: sql`${contacts.lifecycleStage}`,
  score: sql`${contacts.score}`,
  source: sql`${contacts.source}`,
  utm_source: utm('source'),
  utm_medium: utm('medium'),
  utm_campaign: utm('campaign'),
  utm_content: utm('content'),
  utm_term: utm('term'),
  campaign: sql`${contacts.campaignId}::text`,
  created_at: sql`${contacts.createdAt}`,
};

/** Contacts a segment may hold: live ones (not erased, not merged into another). */
const live = sql`${contacts.erasedAt} is null and ${contacts.mergedIntoId} is null`;

export function matchingContacts(orgId: string, rules: SegmentRules): SQL {
  return sql`${contacts.orgId} = ${orgId} and ${live} and ${compileRules(rules, contactFieldColumns)}`;
}

export async function insertSegment(db: Database, segment: NewSegment): Promise<SegmentRow> {
  const [row] = await db.insert(segments).values(segment).returning();
  return row!;
}

export async function findSegment(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.orgId, orgId), eq(segments.id, id)));
  return row;
}

export async function listSegments(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(segments.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(segments.id, filter.beforeId));
  return db
    .select()
    .from(segments)
    .where(and(...conditions))
    .orderBy(desc(segments.id))
    .limit(filter.limit);
}

export async function allSegmentIds(db: Database) {
  return db.select({ orgId: segments.orgId, id: segments.id }).from(segments);
}

export async function segmentsOfOrg(db: Database, orgId: string) {
  return db
    .select({ id: segments.id, rules: segments.rules })
    .from(segments)
    .where(eq(segments.orgId, orgId));
}

export async function updateSegment(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Pick<SegmentRow, 'name' | 'description' | 'rules'>>,
) {
  const [row] = await db
    .update(segments)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(segments.orgId, orgId), eq(segments.id, id)))
    .returning();
  return row;
}

export async function deleteSegment(db: Database, orgId: string, id: string): Promise<boolean> {
  await db
    .delete(segmentMembers)
    .where(and(eq(segmentMembers.orgId, orgId), eq(segmentMembers.segmentId, id)));
  const rows = await db
    .delete(segments)
    .where(and(eq(segments.orgId, orgId), eq(segments.id, id)))
    .returning({ id: segments.id });
  return rows.length > 0;
}

/** How many live contacts the rules match now (the preview of unsaved rules). */
export async function countMatching(db: Database, orgId: string, rules: SegmentRules) {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(contacts)
    .where(matchingContacts(orgId, rules));
  return row?.count ?? 0;
}

/**
 * Rewrites a segment's membership set-based, in SQL: members that no longer match leave, matching
 * contacts join, the count is refreshed. With `entered`, returns who joined (for flows triggered
 * by segment entry); otherwise only how many.
 */
export async function recomputeMembership(
  db: Database,
  segment: { orgId: string; id: string; rules: SegmentRules },
  options: { entered: boolean },
): Promise<{ removed: number; added: number; enteredIds: string[]; memberCount: number }> {
  const { orgId, id } = segment;
  const predicate = matchingContacts(orgId, segment.rules);
  return db.transaction(async (tx) => {
    const removed = await tx.execute(sql`
      delete from ${segmentMembers} m
      where m.org_id = ${orgId} and m.segment_id = ${id}
        and not exists (
          select 1 from ${contacts}
          where ${contacts.id} = m.contact_id and ${predicate})`);
    const inserted = options.entered
      ? await tx.execute(sql`
          insert into ${segmentMembers} (org_id, segment_id, contact_id)
          select ${contacts.orgId}, ${id}::uuid, ${contacts.id} from ${contacts} where ${predicate}
          on conflict do nothing
          returning contact_id`)
      : await tx.execute(sql`
          insert into ${segmentMembers} (org_id, segment_id, contact_id)
          select ${contacts.orgId}, ${id}::uuid, ${contacts.id} from ${contacts} where ${predicate}
          on conflict do nothing`);
    const [counted] = await tx
      .update(segments)
      .set({
        memberCount: sql`(select count(*)::int from ${segmentMembers} m where m.org_id = ${orgId} and m.segment_id = ${id})`,
        computedAt: sql`now()`,
      })
      .where(and(eq(segments.orgId, orgId), eq(segments.id, id)))
      .returning({ memberCount: segments.memberCount });
    const enteredRows = options.entered ? rowsOf<{ contact_id: string }>(inserted) : [];
    return {
      removed: affectedRows(removed),
      added: options.entered ? enteredRows.length : affectedRows(inserted),
      enteredIds: enteredRows.map((row) => row.contact_id),
      memberCount: counted?.memberCount ?? 0,
    };
  });
}

/**
 * Re-evaluates one contact against every segment of its organisation: one query finds the
 * segments it matches, then its memberships and the affected counts are brought in line.
 * Returns the segments it entered.
 */
export async function reevaluateContact(
  db: Database,
  orgId: string,
  contactId: string,
): Promise<{ entered: string[]; left: string[] }> {
  const all = await segmentsOfOrg(db, orgId);
  if (all.length === 0) return { entered: [], left: [] };
  const probes = all.map(
    (segment) => sql`select ${segment.id}::uuid as segment_id where exists (
      select 1 from ${contacts} where ${contacts.id} = ${contactId} and ${matchingContacts(orgId, segment.rules)})`,
  );
  return db.transaction(async (tx) => {
    const matched = rowsOf<{ segment_id: string }>(
      await tx.execute(sql.join(probes, sql` union all `)),
    ).map((row) => row.segment_id);
    const left = rowsOf<{ segment_id: string }>(
      await tx.execute(sql`
        delete from ${segmentMembers}
        where org_id = ${orgId} and contact_id = ${contactId}
          ${
            matched.length > 0
              ? sql`and segment_id not in (${sql.join(
                  matched.map((segmentId) => sql`${segmentId}::uuid`),
                  sql`, `,
                )})`
              : sql``
          }
        returning segment_id`),
    ).map((row) => row.segment_id);
    const entered =
      matched.length === 0
        ? []
        : (
            await tx
              .insert(segmentMembers)
              .values(matched.map((segmentId) => ({ orgId, segmentId, contactId })))
              .onConflictDoNothing()
              .returning({ segmentId: segmentMembers.segmentId })
          ).map((row) => row.segmentId);
    const deltas = [
      ...entered.map((segmentId) => ({ segmentId, delta: 1 })),
      ...left.map((segmentId) => ({ segmentId, delta: -1 })),
    ];
    for (const { segmentId, delta } of deltas)
      await tx
        .update(segments)
        .set({ memberCount: sql`greatest(0, ${segments.memberCount} + ${delta})` })
        .where(and(eq(segments.orgId, orgId), eq(segments.id, segmentId)));
    return { entered, left };
  });
}

export interface MemberRow {
  contactId: string;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  city: string | null;
  lifecycleStage: string;
  score: number | null;
  addedAt: string;
}

export async function listMembers(
  db: Database,
  orgId: string,
  segmentId: string,
  filter: { afterContactId?: string; limit: number },
): Promise<MemberRow[]> {
  const conditions: SQL[] = [
    eq(segmentMembers.orgId, orgId),
    eq(segmentMembers.segmentId, segmentId),
  ];
  if (filter.afterContactId) conditions.push(gt(segmentMembers.contactId, filter.afterContactId));
  return db
    .select({
      contactId: segmentMembers.contactId,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      country: contacts.country,
      city: contacts.city,
      lifecycleStage: contacts.lifecycleStage,
      score: contacts.score,
      addedAt: segmentMembers.addedAt,
    })
    .from(segmentMembers)
    .innerJoin(
      contacts,
      and(eq(contacts.orgId, segmentMembers.orgId), eq(contacts.id, segmentMembers.contactId)),
    )
    .where(and(...conditions))
    .orderBy(segmentMembers.contactId)
    .limit(filter.limit);
}

const consented = (channel: string) => sql`exists (
  select 1 from ${consents} k
  where k.org_id = m.org_id and k.contact_id = m.contact_id
    and k.channel = ${channel} and k.status = 'granted')`;

/**
 * Members, and those reachable per channel: a granted consent for the channel and an address for
 * it (an email for email; a phone for SMS and WhatsApp).
 */
export async function memberCounts(db: Database, orgId: string, segmentId: string) {
  const rows = rowsOf<{ members: number; email: number; sms: number; whatsapp: number }>(
    await db.execute(sql`
      select count(*)::int as members,
        (count(*) filter (where c.email_hash is not null and ${consented('email')}))::int as email,
        (count(*) filter (where c.phone_hash is not null and ${consented('sms')}))::int as sms,
        (count(*) filter (where c.phone_hash is not null and ${consented('whatsapp')}))::int as whatsapp
      from ${segmentMembers} m
      join ${contacts} c on c.org_id = m.org_id and c.id = m.contact_id
      where m.org_id = ${orgId} and m.segment_id = ${segmentId}`),
  );
  return rows[0] ?? { members: 0, email: 0, sms: 0, whatsapp: 0 };
}

import { unknownReference } from '../../../platform/references.js';
import { and, eq, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { nameKey, nameSimilarity, similarNameThreshold } from '../domain/contact-identity.js';
import { crmEventTypes, type ContactsMergedPayload } from '../domain/crm-events.js';
import { findContact, type ContactRow } from '../infrastructure/contacts.repository.js';
import {
  capturedChannelLeads,
  capturedConversions,
  consents,
  contacts,
  deals,
  interactions,
  merges,
} from '../infrastructure/crm.tables.js';

export type DuplicateReason = 'same_email' | 'same_phone' | 'similar_name_same_company';

export interface DuplicateCandidate {
  contact: ContactRow;
  reasons: DuplicateReason[];
  nameSimilarity: number;
}

const live = (orgId: string): SQL[] => [
  eq(contacts.orgId, orgId),
  isNull(contacts.erasedAt),
  isNull(contacts.mergedIntoId),
];

/**
 * Contacts that are probably the same person as `contact`: the same email or phone (by keyed
 * hash), or a similar name at the same company. Strongest evidence first.
 */
export async function findDuplicates(
  db: Database,
  contact: ContactRow,
): Promise<DuplicateCandidate[]> {
  const matches: SQL[] = [];
  if (contact.emailHash) matches.push(eq(contacts.emailHash, contact.emailHash));
  if (contact.phoneHash) matches.push(eq(contacts.phoneHash, contact.phoneHash));
  if (contact.companyId) matches.push(eq(contacts.companyId, contact.companyId));
  if (matches.length === 0) return [];
  const rows = await db
    .select()
    .from(contacts)
    .where(and(...live(contact.orgId), ne(contacts.id, contact.id), or(...matches)))
    .limit(500);
  const name = nameKey(contact.firstName, contact.lastName);
  return rows
    .map((row) => {
      const similarity = nameSimilarity(name, nameKey(row.firstName, row.lastName));
      const reasons: DuplicateReason[] = [];
      if (contact.emailHash && row.emailHash === contact.emailHash) reasons.push('same_email');
      if (contact.phoneHash && row.phoneHash === contact.phoneHash) reasons.push('same_phone');
      if (
        contact.companyId &&
        row.companyId === contact.companyId &&
        similarity >= similarNameThreshold
      )
        reasons.push('similar_name_same_company');
      return { contact: row, reasons, nameSimilarity: Math.round(similarity * 100) / 100 };
    })
    .filter((candidate) => candidate.reasons.length > 0)
    .sort((a, b) => b.reasons.length - a.reasons.length || b.nameSimilarity - a.nameSimilarity);
}

/** Groups of live contacts sharing an email or phone hash, for an organisation-wide review. */
export async function duplicateGroups(
  db: Database,
  orgId: string,
  limit: number,
): Promise<{ reason: DuplicateReason; contactIds: string[] }[]> {
  const groups: { reason: DuplicateReason; contactIds: string[] }[] = [];
  for (const [reason, column] of [
    ['same_email', contacts.emailHash],
    ['same_phone', contacts.phoneHash],
  ] as const) {
    const rows = await db
      .select({ ids: sql<string[]>`array_agg(${contacts.id} order by ${contacts.id})` })
      .from(contacts)
      .where(and(...live(orgId), isNotNull(column)))
      .groupBy(column)
      .having(sql`count(*) > 1`)
      .limit(limit);
    groups.push(...rows.map((row) => ({ reason, contactIds: row.ids })));
  }
  return groups.slice(0, limit);
}

/** The survivor's empty fields take the merged contact's values; tags and interests unite. */
function absorbed(survivor: ContactRow, merged: ContactRow): Partial<ContactRow> {
  const changes: Record<string, unknown> = {};
  const fillable = [
    'companyId',
    'firstName',
    'lastName',
    'emailEncrypted',
    'emailHash',
    'phoneEncrypted',
    'phoneHash',
    'nationalIdEncrypted',
    'country',
    'city',
    'language',
    'birthYear',
    'gender',
    'medium',
    'campaignId',
    'adId',
    'ownerUserId',
  ] as const;
  for (const key of fillable)
    if (survivor[key] === null && merged[key] !== null) changes[key] = merged[key];
  changes.tags = [...new Set([...survivor.tags, ...merged.tags])];
  changes.interests = [...new Set([...survivor.interests, ...merged.interests])];
  if (Object.keys(survivor.utm).length === 0 && Object.keys(merged.utm).length > 0)
    changes.utm = merged.utm;
  return changes as Partial<ContactRow>;
}

/**
 * Merges `mergedId` into `survivorId`, keeping history: interactions, deals, consents the survivor
 * lacks and captured conversions move to the survivor; the survivor fills its gaps from the
 * merged contact; the merged row stays (named in `merged_into_id`, without its identifiers) and a
 * merge record says what moved.
 */
export async function mergeContacts(
  runtime: Runtime,
  orgId: string,
  survivorId: string,
  mergedId: string,
  mergedBy: string,
): Promise<{
  survivor: ContactRow;
  mergeId: string;
  movedInteractions: number;
  movedDeals: number;
}> {
  if (survivorId === mergedId)
    throw AppError.validation('A contact cannot be merged into itself', [
      { field: 'body.duplicate_id', message: 'must differ from the surviving contact' },
    ]);
  return runtime.db.transaction(async (tx) => {
    const survivor = await findContact(tx, orgId, survivorId);
    if (!survivor || survivor.erasedAt || survivor.mergedIntoId)
      throw AppError.notFound('Contact', survivorId);
    const merged = await findContact(tx, orgId, mergedId);
    if (!merged || merged.erasedAt || merged.mergedIntoId)
      throw unknownReference('body.duplicate_id', 'crm.contact');

    const movedInteractions = await tx
      .update(interactions)
      .set({ contactId: survivorId })
      .where(and(eq(interactions.orgId, orgId), eq(interactions.contactId, mergedId)))
      .returning({ id: interactions.id });
    const movedDeals = await tx
      .update(deals)
      .set({ contactId: survivorId, updatedAt: new Date().toISOString() })
      .where(and(eq(deals.orgId, orgId), eq(deals.contactId, mergedId)))
      .returning({ id: deals.id });
    // Consents the survivor has not decided yet move over; its own decisions win.
    await tx.execute(sql`
      insert into ${consents} (org_id, contact_id, channel, status, source, recorded_at)
      select org_id, ${survivorId}, channel, status, source, recorded_at from ${consents}
      where org_id = ${orgId} and contact_id = ${mergedId}
      on conflict do nothing`);
    await tx
      .delete(consents)
      .where(and(eq(consents.orgId, orgId), eq(consents.contactId, mergedId)));
    await tx
      .update(capturedConversions)
      .set({ contactId: survivorId })
      .where(
        and(eq(capturedConversions.orgId, orgId), eq(capturedConversions.contactId, mergedId)),
      );
    await tx
      .update(capturedChannelLeads)
      .set({ contactId: survivorId })
      .where(
        and(eq(capturedChannelLeads.orgId, orgId), eq(capturedChannelLeads.contactId, mergedId)),
      );
    await tx
      .update(contacts)
      .set({
        mergedIntoId: survivorId,
        emailEncrypted: null,
        emailHash: null,
        phoneEncrypted: null,
        phoneHash: null,
        nationalIdEncrypted: null,
        updatedAt: new Date().toISOString(),
      })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, mergedId)));
    const [updated] = await tx
      .update(contacts)
      .set({ ...absorbed(survivor, merged), updatedAt: new Date().toISOString() })
      .where(and(eq(contacts.orgId, orgId), eq(contacts.id, survivorId)))
      .returning();
    const mergeId = uuidv7();
    await tx.insert(merges).values({
      orgId,
      id: mergeId,
      survivorId,
      mergedId,
      movedInteractions: movedInteractions.length,
      movedDeals: movedDeals.length,
      mergedBy,
    });
    await runtime.events.publish<ContactsMergedPayload>(tx, {
      type: crmEventTypes.contactsMerged,
      orgId,
      payload: { orgId, survivorId, mergedId },
    });
    return {
      survivor: updated!,
      mergeId,
      movedInteractions: movedInteractions.length,
      movedDeals: movedDeals.length,
    };
  });
}

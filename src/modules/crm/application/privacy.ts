import { and, eq, inArray } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { FieldCrypto } from '../../../platform/security/field-crypto.js';
import { personalDataInAds, type AdsPersonalData } from '../../ads/index.js';
import { crmEventTypes, type PersonErasedPayload } from '../domain/crm-events.js';
import { automationRuns } from '../infrastructure/automations.tables.js';
import { chatbotReplies } from '../infrastructure/chatbot.tables.js';
import { consentsOf } from '../infrastructure/consents.repository.js';
import { findContact, type ContactRow } from '../infrastructure/contacts.repository.js';
import {
  capturedConversions,
  consents,
  contacts,
  deals,
  erasures,
  interactions,
  merges,
} from '../infrastructure/crm.tables.js';
import { segmentMembers } from '../infrastructure/segments.tables.js';
import { viewOf, type ContactView } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

export interface PersonalDataExport {
  exportedAt: string;
  contact: ContactView & { nationalId: string | null };
  /** Contacts merged into this one (their history belongs to the person too). */
  mergedContacts: ContactView[];
  consents: { channel: string; status: string; source: string; recordedAt: string }[];
  interactions: (typeof interactions.$inferSelect)[];
  deals: (typeof deals.$inferSelect)[];
  merges: (typeof merges.$inferSelect)[];
  capturedConversions: (typeof capturedConversions.$inferSelect)[];
  chatbotReplies: (typeof chatbotReplies.$inferSelect)[];
  automationRuns: (typeof automationRuns.$inferSelect)[];
  segmentIds: string[];
  /** What PromptAds holds (conversions reported with the person's email or phone). */
  ads: AdsPersonalData;
}

async function personOf(runtime: Runtime, orgId: string, contactId: string) {
  const contact = await findContact(runtime.db, orgId, contactId);
  if (!contact || contact.erasedAt || contact.mergedIntoId)
    throw AppError.notFound('Contact', contactId);
  const merged = await runtime.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.mergedIntoId, contactId)));
  return { contact, merged, ids: [contactId, ...merged.map((row) => row.id)] };
}

/** The person's emails and phones, from the contact and the contacts merged into it. */
function identifiersOf(rows: ContactRow[], crypto: FieldCrypto) {
  const views = rows.map((row) => viewOf(row, crypto));
  const present = (values: (string | null)[]) => [
    ...new Set(values.filter((value): value is string => Boolean(value))),
  ];
  return {
    emails: present(views.map((view) => view.email)),
    phones: present(views.map((view) => view.phone)),
  };
}

/** GDPR/CCPA access: everything the platform holds about the person, decrypted, in one document. */
export async function exportPersonalData(
  runtime: Runtime,
  orgId: string,
  contactId: string,
): Promise<PersonalDataExport> {
  const crypto = crmServicesFor(runtime).crypto;
  const { contact, merged, ids } = await personOf(runtime, orgId, contactId);
  const view = viewOf(contact, crypto);
  const [
    consentRows,
    interactionRows,
    dealRows,
    mergeRows,
    conversionRows,
    replyRows,
    runRows,
    memberRows,
  ] = await Promise.all([
    consentsOf(runtime.db, orgId, ids),
    runtime.db
      .select()
      .from(interactions)
      .where(and(eq(interactions.orgId, orgId), inArray(interactions.contactId, ids)))
      .orderBy(interactions.id),
    runtime.db
      .select()
      .from(deals)
      .where(and(eq(deals.orgId, orgId), inArray(deals.contactId, ids))),
    runtime.db
      .select()
      .from(merges)
      .where(and(eq(merges.orgId, orgId), eq(merges.survivorId, contactId))),
    runtime.db
      .select()
      .from(capturedConversions)
      .where(
        and(eq(capturedConversions.orgId, orgId), inArray(capturedConversions.contactId, ids)),
      ),
    runtime.db
      .select()
      .from(chatbotReplies)
      .where(and(eq(chatbotReplies.orgId, orgId), inArray(chatbotReplies.contactId, ids))),
    runtime.db
      .select()
      .from(automationRuns)
      .where(and(eq(automationRuns.orgId, orgId), inArray(automationRuns.contactId, ids))),
    runtime.db
      .select({ segmentId: segmentMembers.segmentId })
      .from(segmentMembers)
      .where(and(eq(segmentMembers.orgId, orgId), eq(segmentMembers.contactId, contactId))),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    contact: {
      ...view,
      nationalId: contact.nationalIdEncrypted ? crypto.decrypt(contact.nationalIdEncrypted) : null,
    },
    mergedContacts: merged.map((row) => viewOf(row, crypto)),
    consents: consentRows.map((row) => ({
      channel: row.channel,
      status: row.status,
      source: row.source,
      recordedAt: row.recordedAt,
    })),
    interactions: interactionRows,
    deals: dealRows,
    merges: mergeRows,
    capturedConversions: conversionRows,
    chatbotReplies: replyRows,
    automationRuns: runRows,
    segmentIds: memberRows.map((row) => row.segmentId),
    ads: await personalDataInAds(runtime, orgId, identifiersOf([contact, ...merged], crypto)),
  };
}

/** Every personal column of a contact, blanked; what stays describes no one. */
const blanked: Partial<ContactRow> = {
  firstName: null,
  lastName: null,
  emailEncrypted: null,
  emailHash: null,
  phoneEncrypted: null,
  phoneHash: null,
  nationalIdEncrypted: null,
  city: null,
  birthYear: null,
  gender: null,
  interests: [],
  tags: [],
  ownerUserId: null,
  scoreFactors: null,
};

/**
 * GDPR/CCPA erasure in one transaction: the contact (and contacts merged into it) keep their rows
 * without personal data (so deals, counts and the audit trail keep their shape), message texts
 * and the chatbot's replies are blanked, consents deleted, an erasure record written, and
 * `crm.person-erased` published with the identifiers other modules need to erase theirs (PromptAds
 * erases its conversions' contact data and redacts its conversion events). The texts of this
 * person's messages in already-written outbox events are redacted too.
 */
export async function erasePerson(
  runtime: Runtime,
  orgId: string,
  contactId: string,
  requestedBy: string,
): Promise<{ erasureId: string; erasedRows: number; erasedAt: string }> {
  const crypto = crmServicesFor(runtime).crypto;
  const { contact, merged, ids } = await personOf(runtime, orgId, contactId);
  const { emails, phones } = identifiersOf([contact, ...merged], crypto);
  return runtime.db.transaction(async (tx) => {
    const now = new Date().toISOString();
    const contactRows = await tx
      .update(contacts)
      .set({ ...blanked, erasedAt: now, updatedAt: now })
      .where(and(eq(contacts.orgId, orgId), inArray(contacts.id, ids)))
      .returning({ id: contacts.id });
    const interactionRows = await tx
      .update(interactions)
      .set({ subject: null, body: null, error: null })
      .where(and(eq(interactions.orgId, orgId), inArray(interactions.contactId, ids)))
      .returning({ id: interactions.id });
    const replyRows = await tx
      .update(chatbotReplies)
      .set({ reply: null, details: {} })
      .where(and(eq(chatbotReplies.orgId, orgId), inArray(chatbotReplies.contactId, ids)))
      .returning({ id: chatbotReplies.id });
    const consentRows = await tx
      .delete(consents)
      .where(and(eq(consents.orgId, orgId), inArray(consents.contactId, ids)))
      .returning({ channel: consents.channel });
    // The outbox keeps delivered events for a week: the texts of this person's messages go now
    // (PromptAds redacts its own conversion events when crm.person-erased reaches it).
    const redactedEvents = await runtime.events.redact(tx, {
      type: crmEventTypes.messageReceived,
      orgId,
      match: { field: 'contactId', values: ids },
      remove: ['body'],
    });
    const erasedRows =
      contactRows.length +
      interactionRows.length +
      replyRows.length +
      consentRows.length +
      redactedEvents;
    const erasureId = uuidv7();
    await tx
      .insert(erasures)
      .values({ orgId, id: erasureId, contactId, requestedBy, erasedRows, erasedAt: now });
    await runtime.events.publish<PersonErasedPayload>(tx, {
      type: crmEventTypes.personErased,
      orgId,
      payload: { orgId, personId: contactId, emails, phones },
    });
    return { erasureId, erasedRows, erasedAt: now };
  });
}

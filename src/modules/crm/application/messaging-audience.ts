import { and, eq, isNull, sql } from 'drizzle-orm';
import type {
  MarketingChannel,
  MessagingAudience,
  MessagingRecipient,
} from '../../../platform/messaging-audience.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes, type ConsentChangedPayload } from '../domain/crm-events.js';
import { upsertConsents } from '../infrastructure/consents.repository.js';
import { findContactsByHashes } from '../infrastructure/contacts.repository.js';
import { consents, contacts } from '../infrastructure/crm.tables.js';
import { segmentMembers } from '../infrastructure/segments.tables.js';
import { lookupHashesOf } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

/**
 * The members of a segment who granted consent for the channel and have an address for it —
 * nobody else: a campaign may only message people who said yes on that channel. Erased and
 * merged-away contacts are never members.
 */
export async function messagingRecipients(
  runtime: Runtime,
  orgId: string,
  segmentId: string,
  channel: MarketingChannel,
): Promise<MessagingRecipient[]> {
  const { crypto } = crmServicesFor(runtime);
  const addressColumn = channel === 'email' ? contacts.emailEncrypted : contacts.phoneEncrypted;
  const rows = await runtime.db
    .select({
      contactId: contacts.id,
      encrypted: addressColumn,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      country: contacts.country,
      language: contacts.language,
    })
    .from(segmentMembers)
    .innerJoin(
      contacts,
      and(eq(contacts.orgId, segmentMembers.orgId), eq(contacts.id, segmentMembers.contactId)),
    )
    .innerJoin(
      consents,
      and(
        eq(consents.orgId, segmentMembers.orgId),
        eq(consents.contactId, segmentMembers.contactId),
        eq(consents.channel, channel),
        eq(consents.status, 'granted'),
      ),
    )
    .where(
      and(
        eq(segmentMembers.orgId, orgId),
        eq(segmentMembers.segmentId, segmentId),
        isNull(contacts.erasedAt),
        isNull(contacts.mergedIntoId),
        sql`${addressColumn} is not null`,
      ),
    )
    .orderBy(contacts.id);
  return rows.flatMap(({ encrypted, ...row }) =>
    encrypted ? [{ ...row, address: crypto.decrypt(encrypted) }] : [],
  );
}

/**
 * A person withdrew consent at the channel itself (an SMS "STOP", a Mailchimp unsubscribe):
 * every live contact of the organisation with that address gets a `withdrawn` decision for the
 * channel, with `consent.changed` events. Answers how many contacts it changed (0: none known).
 */
export async function withdrawMessagingConsent(
  runtime: Runtime,
  orgId: string,
  input: { channel: MarketingChannel; address: string; source: string },
): Promise<number> {
  const { crypto } = crmServicesFor(runtime);
  const hashes = lookupHashesOf(
    input.channel === 'email' ? { email: input.address } : { phone: input.address },
    crypto,
  );
  return runtime.db.transaction(async (tx) => {
    const found = await findContactsByHashes(tx, orgId, hashes);
    const people = found.filter((contact) =>
      input.channel === 'email'
        ? contact.emailHash === hashes.emailHash
        : contact.phoneHash === hashes.phoneHash,
    );
    await upsertConsents(
      tx,
      people.map((contact) => ({
        orgId,
        contactId: contact.id,
        channel: input.channel,
        status: 'withdrawn',
        source: input.source,
      })),
    );
    for (const contact of people)
      await runtime.events.publish<ConsentChangedPayload>(tx, {
        type: crmEventTypes.consentChanged,
        orgId,
        payload: { orgId, contactId: contact.id, channel: input.channel, status: 'withdrawn' },
      });
    return people.length;
  });
}

/** The CRM's answer to `ModuleDefinition.messagingAudience`. */
export function crmMessagingAudience(runtime: Runtime): MessagingAudience {
  return {
    recipients: (orgId, segmentId, channel) =>
      messagingRecipients(runtime, orgId, segmentId, channel),
    withdrawConsent: (orgId, input) => withdrawMessagingConsent(runtime, orgId, input),
  };
}

import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes } from '../domain/ads-events.js';
import { normaliseAdsEmail, normaliseAdsPhone } from '../domain/personal-data.js';
import { conversions } from '../infrastructure/ads.tables.js';
import { adsServicesFor } from './ads-services.js';

export interface PersonIdentifiers {
  emails: readonly string[];
  phones: readonly string[];
}

/** What PromptAds holds about a person (GDPR export): conversions that carried their contact. */
export interface AdsPersonalData {
  conversions: {
    id: string;
    eventId: string;
    adId: string;
    campaignId: string;
    source: string;
    kind: string;
    valueMinor: number;
    currency: string;
    email: string | null;
    phone: string | null;
    occurredAt: string;
  }[];
}

/** Conversions whose email or phone is one of the person's (by keyed hash), or undefined. */
function matching(runtime: Runtime, orgId: string, person: PersonIdentifiers): SQL | undefined {
  const crypto = adsServicesFor(runtime).crypto;
  const emailHashes = person.emails.map((email) => crypto.lookupHash(normaliseAdsEmail(email)));
  const phoneHashes = person.phones
    .map(normaliseAdsPhone)
    .filter((phone) => phone.length > 0)
    .map((phone) => crypto.lookupHash(phone));
  const matches: SQL[] = [];
  if (emailHashes.length > 0) matches.push(inArray(conversions.emailHash, emailHashes));
  if (phoneHashes.length > 0) matches.push(inArray(conversions.phoneHash, phoneHashes));
  if (matches.length === 0) return undefined;
  return and(eq(conversions.orgId, orgId), or(...matches));
}

/**
 * The ads records about a person, for a GDPR access request: the conversions reported with their
 * email or phone, decrypted. Clicks and comments are not included: clicks carry no contact data,
 * and comments carry a social handle, which an email or phone cannot be matched to.
 */
export async function personalDataInAds(
  runtime: Runtime,
  orgId: string,
  person: PersonIdentifiers,
): Promise<AdsPersonalData> {
  const where = matching(runtime, orgId, person);
  if (!where) return { conversions: [] };
  const crypto = adsServicesFor(runtime).crypto;
  const rows = await runtime.db.select().from(conversions).where(where);
  return {
    conversions: rows.map((row) => ({
      id: row.id,
      eventId: row.eventId,
      adId: row.adId,
      campaignId: row.campaignId,
      source: row.source,
      kind: row.kind,
      valueMinor: row.valueMinor,
      currency: row.currency,
      email: row.emailEncrypted ? crypto.decrypt(row.emailEncrypted) : null,
      phone: row.phoneEncrypted ? crypto.decrypt(row.phoneEncrypted) : null,
      occurredAt: row.occurredAt,
    })),
  };
}

/**
 * Erases a person's contact data from conversions (both fields of a row that matched either:
 * they describe the same person) and from their events. The conversion itself stays, anonymous,
 * so reports keep their totals. Idempotent: a second run finds nothing to erase. Returns the rows
 * changed.
 */
export async function eraseAdsPersonalData(
  runtime: Runtime,
  orgId: string,
  person: PersonIdentifiers,
): Promise<number> {
  const where = matching(runtime, orgId, person);
  if (!where) return 0;
  return runtime.db.transaction(async (tx) => {
    const erased = await tx
      .update(conversions)
      .set({ emailEncrypted: null, emailHash: null, phoneEncrypted: null, phoneHash: null })
      .where(where)
      .returning({ id: conversions.id });
    // Their `ads.conversion-recorded` events, kept a week in the outbox, carried the same data.
    await runtime.events.redact(tx, {
      type: adsEventTypes.conversionRecorded,
      orgId,
      match: { field: 'conversionId', values: erased.map((row) => row.id) },
      remove: ['emailEncrypted', 'phoneEncrypted'],
    });
    return erased.length;
  });
}

const personErased = z.object({
  orgId: z.uuid(),
  personId: z.string(),
  emails: z.array(z.string()).default([]),
  phones: z.array(z.string()).default([]),
});

/** Reacts to the CRM's `crm.person-erased`: the person's data in ads goes too. */
export function adsEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  const eraseHandler: EventHandler<unknown> = {
    name: 'ads.erase-person',
    eventType: 'crm.person-erased',
    async handle(event, { log }) {
      const payload = personErased.parse(event.payload);
      // The tenant is the event's: a payload naming another organisation erases nothing there.
      if (event.orgId !== payload.orgId) {
        log.warn({ eventId: event.id }, 'ads: person-erased event for another organisation');
        return;
      }
      const erased = await eraseAdsPersonalData(runtime, payload.orgId, payload);
      log.info({ personId: payload.personId, conversions: erased }, 'ads: personal data erased');
    },
  };
  return [eraseHandler as EventHandler<unknown>];
}

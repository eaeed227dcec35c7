import { date, index, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { adsSchema } from './ads.tables.js';

/**
 * One message a messaging channel (SMS, WhatsApp) sent for an ad, by the vendor's message id;
 * the vendor's status callbacks move `status` forward and the daily facts count these rows. No
 * address is kept: the contact's id and country (for the market breakdown) only.
 */
export const messageDeliveries = adsSchema.table(
  'message_deliveries',
  {
    orgId: uuid().notNull(),
    channel: text().notNull(),
    /** The vendor's id: Twilio's `SM…` sid, WhatsApp's `wamid.…`. */
    providerMessageId: text().notNull(),
    adId: uuid().notNull(),
    /** The CRM contact messaged: an ad never messages one person twice (a retried publish). */
    contactId: uuid().notNull(),
    /** ISO 3166-1 alpha-2 of the recipient, '' when the CRM does not know it. */
    country: text().notNull(),
    /** The UTC day the message was handed to the vendor. */
    sentOn: date({ mode: 'string' }).notNull(),
    /** accepted | queued | sent | delivered | read | undelivered | failed */
    status: text().notNull(),
    errorCode: text(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.channel, table.providerMessageId] }),
    index('message_deliveries_ad_idx').on(table.orgId, table.adId, table.sentOn),
    uniqueIndex('message_deliveries_contact_idx').on(
      table.orgId,
      table.channel,
      table.adId,
      table.contactId,
    ),
    // Status callbacks name only the vendor's message id (WhatsApp's carry no organisation).
    index('message_deliveries_provider_idx').on(table.channel, table.providerMessageId),
  ],
);

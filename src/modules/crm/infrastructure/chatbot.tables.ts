import {
  boolean,
  index,
  jsonb,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { crmSchema } from './crm.tables.js';

/** An organisation's FAQ: what the chatbot answers from, matched by embedding similarity. */
export const faqEntries = crmSchema.table(
  'faq_entries',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    question: text().notNull(),
    answer: text().notNull(),
    /** Embedding of the question (and answer), from the AI gateway. */
    embedding: jsonb().$type<number[]>().notNull(),
    embeddingModel: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/**
 * What the chatbot did with one inbound message: intent, the FAQ entry it used, its reply or the
 * hand-off. Unique per inbound interaction, so a redelivered event answers once.
 */
export const chatbotReplies = crmSchema.table(
  'chatbot_replies',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    contactId: uuid().notNull(),
    inboundInteractionId: uuid().notNull(),
    channel: text().notNull(),
    intent: text().notNull(),
    confidence: real().notNull(),
    faqEntryId: uuid(),
    similarity: real(),
    /** Blanked by erasure, like the interaction it answers. */
    reply: text(),
    handedOff: boolean().notNull().default(false),
    outboundInteractionId: uuid(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('chatbot_replies_inbound_idx').on(table.orgId, table.inboundInteractionId),
    index('chatbot_replies_contact_idx').on(table.orgId, table.contactId),
  ],
);

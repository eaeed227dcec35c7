import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { chatbotReplies, faqEntries } from './chatbot.tables.js';

export type FaqRow = typeof faqEntries.$inferSelect;
export type ChatbotReplyRow = typeof chatbotReplies.$inferSelect;

/** FAQ entries the chatbot compares a question with (an organisation keeps a few hundred). */
const maxFaqEntries = 1_000;

export async function insertFaq(
  db: Database,
  row: Omit<typeof faqEntries.$inferInsert, 'createdAt' | 'updatedAt'>,
): Promise<FaqRow> {
  const [created] = await db.insert(faqEntries).values(row).returning();
  return created!;
}

export async function findFaq(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(faqEntries)
    .where(and(eq(faqEntries.orgId, orgId), eq(faqEntries.id, id)));
  return row;
}

export async function listFaq(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number } = { limit: maxFaqEntries },
) {
  const conditions: SQL[] = [eq(faqEntries.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(faqEntries.id, filter.beforeId));
  return db
    .select()
    .from(faqEntries)
    .where(and(...conditions))
    .orderBy(desc(faqEntries.id))
    .limit(filter.limit);
}

export async function updateFaq(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Pick<FaqRow, 'question' | 'answer' | 'embedding' | 'embeddingModel'>>,
) {
  const [row] = await db
    .update(faqEntries)
    .set({ ...fields, updatedAt: sql`now()` })
    .where(and(eq(faqEntries.orgId, orgId), eq(faqEntries.id, id)))
    .returning();
  return row;
}

export async function deleteFaq(db: Database, orgId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(faqEntries)
    .where(and(eq(faqEntries.orgId, orgId), eq(faqEntries.id, id)))
    .returning({ id: faqEntries.id });
  return rows.length > 0;
}

/** Claims an inbound message for the chatbot; undefined when it was already handled. */
export async function claimReply(
  db: Database,
  row: Omit<typeof chatbotReplies.$inferInsert, 'createdAt'>,
): Promise<ChatbotReplyRow | undefined> {
  const [created] = await db.insert(chatbotReplies).values(row).onConflictDoNothing().returning();
  return created;
}

export async function completeReply(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Pick<ChatbotReplyRow, 'reply' | 'outboundInteractionId' | 'details'>>,
) {
  await db
    .update(chatbotReplies)
    .set(fields)
    .where(and(eq(chatbotReplies.orgId, orgId), eq(chatbotReplies.id, id)));
}

export async function releaseReply(db: Database, orgId: string, id: string) {
  await db
    .delete(chatbotReplies)
    .where(and(eq(chatbotReplies.orgId, orgId), eq(chatbotReplies.id, id)));
}

export async function listReplies(
  db: Database,
  orgId: string,
  filter: { contactId?: string; beforeId?: string; limit: number },
) {
  const conditions: SQL[] = [eq(chatbotReplies.orgId, orgId)];
  if (filter.contactId) conditions.push(eq(chatbotReplies.contactId, filter.contactId));
  if (filter.beforeId) conditions.push(lt(chatbotReplies.id, filter.beforeId));
  return db
    .select()
    .from(chatbotReplies)
    .where(and(...conditions))
    .orderBy(desc(chatbotReplies.id))
    .limit(filter.limit);
}

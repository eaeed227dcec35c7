import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { contacts, interactions } from './crm.tables.js';

export type InteractionRow = typeof interactions.$inferSelect;

/** Adds an interaction and moves the contact's `last_interaction_at` forward. */
export async function insertInteraction(
  db: Database,
  row: typeof interactions.$inferInsert,
): Promise<InteractionRow> {
  const [inserted] = await db.insert(interactions).values(row).returning();
  await db
    .update(contacts)
    .set({ lastInteractionAt: inserted!.occurredAt })
    .where(and(eq(contacts.orgId, row.orgId), eq(contacts.id, row.contactId)));
  return inserted!;
}

export async function updateInteraction(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Pick<InteractionRow, 'status' | 'providerMessageId' | 'error'>>,
): Promise<InteractionRow | undefined> {
  const [row] = await db
    .update(interactions)
    .set(fields)
    .where(and(eq(interactions.orgId, orgId), eq(interactions.id, id)))
    .returning();
  return row;
}

/** A contact's timeline, newest first. */
export async function listInteractions(
  db: Database,
  orgId: string,
  contactId: string,
  filter: { channel?: string; direction?: string; beforeId?: string; limit: number },
): Promise<InteractionRow[]> {
  const conditions: SQL[] = [eq(interactions.orgId, orgId), eq(interactions.contactId, contactId)];
  if (filter.channel) conditions.push(eq(interactions.channel, filter.channel));
  if (filter.direction) conditions.push(eq(interactions.direction, filter.direction));
  if (filter.beforeId) conditions.push(lt(interactions.id, filter.beforeId));
  return db
    .select()
    .from(interactions)
    .where(and(...conditions))
    .orderBy(desc(interactions.id))
    .limit(filter.limit);
}

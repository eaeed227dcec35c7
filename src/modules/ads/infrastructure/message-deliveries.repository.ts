import { and, between, count, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { ChannelMetricsRow } from '../domain/channel-adapter.js';
import {
  isLaterStatus,
  messageStatusOf,
  messagingMetrics,
  type MessageStatus,
} from '../domain/message-status.js';
import { messageDeliveries } from './messaging.tables.js';

export interface SentMessage {
  orgId: string;
  channel: string;
  providerMessageId: string;
  adId: string;
  contactId: string;
  country: string;
  sentOn: string;
  status: MessageStatus;
  errorCode: string | null;
}

export async function recordSentMessages(db: Database, rows: SentMessage[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(messageDeliveries).values(rows).onConflictDoNothing();
}

/** The contacts an ad already messaged on a channel: a retried publish skips them. */
export async function contactsMessaged(
  db: Database,
  orgId: string,
  channel: string,
  adId: string,
): Promise<Set<string>> {
  const rows = await db
    .select({ contactId: messageDeliveries.contactId })
    .from(messageDeliveries)
    .where(
      and(
        eq(messageDeliveries.orgId, orgId),
        eq(messageDeliveries.channel, channel),
        eq(messageDeliveries.adId, adId),
      ),
    );
  return new Set(rows.map((row) => row.contactId));
}

/**
 * A vendor's status callback: moves the message's status forward (an older status arriving late
 * is ignored). Answers the organisation and ad when something changed.
 */
export async function advanceMessageStatus(
  db: Database,
  /** The organisation the vendor's signature proved, when the scheme names one (Twilio). */
  orgId: string | null,
  channel: string,
  providerMessageId: string,
  status: MessageStatus,
  errorCode: string | null,
): Promise<{ orgId: string; adId: string } | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(messageDeliveries)
      .where(
        and(
          orgId === null ? undefined : eq(messageDeliveries.orgId, orgId),
          eq(messageDeliveries.channel, channel),
          eq(messageDeliveries.providerMessageId, providerMessageId),
        ),
      )
      .for('update');
    const stored = row ? messageStatusOf(row.status) : undefined;
    if (!row || !stored || !isLaterStatus(stored, status)) return undefined;
    await tx
      .update(messageDeliveries)
      .set({ status, errorCode, updatedAt: new Date().toISOString() })
      .where(
        and(
          eq(messageDeliveries.orgId, row.orgId),
          eq(messageDeliveries.channel, channel),
          eq(messageDeliveries.providerMessageId, providerMessageId),
        ),
      );
    return { orgId: row.orgId, adId: row.adId };
  });
}

/** The ad's messages of [from, to] by day, country and status → daily facts per market. */
export async function messagingFacts(
  db: Database,
  orgId: string,
  channel: string,
  adId: string,
  from: string,
  to: string,
): Promise<ChannelMetricsRow[]> {
  const rows = await db
    .select({
      day: messageDeliveries.sentOn,
      country: messageDeliveries.country,
      status: messageDeliveries.status,
      messages: count(),
    })
    .from(messageDeliveries)
    .where(
      and(
        eq(messageDeliveries.orgId, orgId),
        eq(messageDeliveries.adId, adId),
        eq(messageDeliveries.channel, channel),
        between(messageDeliveries.sentOn, from, to),
      ),
    )
    .groupBy(messageDeliveries.sentOn, messageDeliveries.country, messageDeliveries.status);
  const byMarket = new Map<string, Partial<Record<MessageStatus, number>>>();
  for (const row of rows) {
    const status = messageStatusOf(row.status);
    if (!status) continue;
    const key = `${row.day}|${row.country}`;
    const counts = byMarket.get(key) ?? {};
    counts[status] = (counts[status] ?? 0) + row.messages;
    byMarket.set(key, counts);
  }
  return [...byMarket.entries()].map(([key, counts]) => {
    const [day, country] = key.split('|') as [string, string];
    return { day, market: { country, city: '' }, metrics: messagingMetrics(counts) };
  });
}

import type { DailyMetrics } from './simulated-metrics.js';

/** A message's life at a messaging vendor, in the order it moves (failures end it). */
export const messageStatuses = [
  'accepted',
  'queued',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
] as const;
export type MessageStatus = (typeof messageStatuses)[number];

const rank: Record<MessageStatus, number> = {
  accepted: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  undelivered: 5,
  failed: 5,
};

/** The vendor's status word as ours, or undefined for one we do not track (e.g. `receiving`). */
export function messageStatusOf(word: string): MessageStatus | undefined {
  const normalised = word.trim().toLowerCase();
  return (messageStatuses as readonly string[]).includes(normalised)
    ? (normalised as MessageStatus)
    : undefined;
}

/**
 * Callbacks arrive out of order (Twilio and Meta both say so): a status replaces the stored one
 * only when it is further along, and a failure is final.
 */
export function isLaterStatus(stored: MessageStatus, incoming: MessageStatus): boolean {
  if (rank[stored] === 5) return false;
  return rank[incoming] > rank[stored];
}

/** Messages of one day and market by status → the daily facts of a messaging ad. */
export function messagingMetrics(counts: Partial<Record<MessageStatus, number>>): DailyMetrics {
  const delivered = (counts.delivered ?? 0) + (counts.read ?? 0);
  return {
    // A message counts as seen once the handset has it; `read` only where the vendor reports it.
    impressions: delivered,
    reach: delivered,
    clicks: 0,
    reactions: 0,
    interactions: counts.read ?? 0,
    exposureSeconds: 0,
    conversions: 0,
    costMinor: 0,
    revenueMinor: 0,
  };
}

import { and, asc, eq, gt, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { ads, campaigns } from './ads.tables.js';

/** A slice of the due campaigns, by id: after `afterId` (exclusive) through `throughId`. */
export interface DeliveryPage {
  tick: string;
  afterId?: string;
  /** Absent on the last page: it runs to the end of the ids. */
  throughId?: string;
}

/**
 * Campaigns the delivery job works on, across organisations: running ones and scheduled ones
 * whose start date has come. Paused campaigns are not due. The first condition lets the planner
 * use the partial index `campaigns_due_idx`.
 */
function due(today: string): SQL {
  return and(
    inArray(campaigns.status, ['active', 'scheduled']),
    or(
      eq(campaigns.status, 'active'),
      and(eq(campaigns.status, 'scheduled'), lte(campaigns.startDate, today)),
    ),
  )!;
}

/**
 * The id `size` due campaigns after `afterId` (keyset), or undefined when fewer are left: the
 * boundary of one delivery page, read from the index without fetching the page's rows.
 */
export async function duePageBoundary(
  db: Database,
  today: string,
  afterId: string | undefined,
  size: number,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(due(today), afterId ? gt(campaigns.id, afterId) : undefined))
    .orderBy(asc(campaigns.id))
    .offset(size - 1)
    .limit(1);
  return row?.id;
}

/** Not yet claimed in this tick (a claim in an earlier tick does not count). */
const unclaimedIn = (tick: string) =>
  or(isNull(campaigns.deliveredTick), lt(campaigns.deliveredTick, tick));

/**
 * Claims the page's due campaigns for the tick and returns them. One UPDATE: a second worker on
 * the same page and tick (a retry, a duplicate job) waits for the first one's row locks, then
 * finds the rows claimed and gets none of them.
 */
export async function claimDuePage(db: Database, today: string, page: DeliveryPage) {
  return db
    .update(campaigns)
    .set({ deliveredTick: page.tick })
    .where(
      and(
        due(today),
        page.afterId ? gt(campaigns.id, page.afterId) : undefined,
        page.throughId ? lte(campaigns.id, page.throughId) : undefined,
        unclaimedIn(page.tick),
      ),
    )
    .returning();
}

/** Claims one campaign for the tick (delivery right after approval); undefined when taken. */
export async function claimCampaign(db: Database, orgId: string, id: string, tick: string) {
  const [row] = await db
    .update(campaigns)
    .set({ deliveredTick: tick })
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id), unclaimedIn(tick)))
    .returning();
  return row;
}

/** Paused campaigns past their end date are finished (they are not delivered, so not claimed). */
export async function finishEndedPausedCampaigns(db: Database, today: string) {
  await db
    .update(campaigns)
    .set({ status: 'finished', updatedAt: new Date().toISOString() })
    .where(and(eq(campaigns.status, 'paused'), lt(campaigns.endDate, today)));
}

/** The ads of several campaigns of one organisation, in one read (a delivery page's). */
export async function adsOfCampaigns(db: Database, orgId: string, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return db
    .select()
    .from(ads)
    .where(and(eq(ads.orgId, orgId), inArray(ads.campaignId, campaignIds)));
}

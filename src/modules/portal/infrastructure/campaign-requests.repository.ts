import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
} from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { recordsetInsert } from '../../../platform/db/recordset-insert.js';
import { campaignRequests } from './portal.tables.js';

export type CampaignRequestRow = typeof campaignRequests.$inferSelect;
export type NewCampaignRequest = typeof campaignRequests.$inferInsert;

/** Campaign requests, always within one organisation (the cron jobs' cross-org queries excepted). */
const insertBatch = recordsetInsert<CampaignRequestRow>(campaignRequests);

/** Inserts whole rows, a batch in one statement (the campaign request's group commit). */
export async function insertCampaignRequests(db: Database, rows: readonly CampaignRequestRow[]) {
  if (rows.length > 0) await db.execute(insertBatch(rows));
}

/**
 * Records what the planning job drafted in the other modules; undefined when the request was
 * drafted already (a redelivered job), so the caller rolls its own draft back.
 */
export async function recordDraft(
  db: Database,
  orgId: string,
  id: string,
  fields: Pick<NewCampaignRequest, 'campaignId' | 'draft' | 'contentRequestIds' | 'segmentIds'>,
) {
  return updateIf(db, orgId, id, isNull(campaignRequests.campaignId), fields);
}

/** Updates one request when `guard` holds; its new row, or undefined when it did not. */
async function updateIf(
  db: Database,
  orgId: string,
  id: string,
  guard: SQL,
  fields: Partial<NewCampaignRequest>,
) {
  const [row] = await db
    .update(campaignRequests)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(campaignRequests.orgId, orgId), eq(campaignRequests.id, id), guard))
    .returning();
  return row;
}

export async function findCampaignRequest(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(campaignRequests)
    .where(and(eq(campaignRequests.orgId, orgId), eq(campaignRequests.id, id)));
  return row;
}

/** Names of an organisation's requests by id (what an agenda shows beside each task). */
export async function campaignRequestNames(
  db: Database,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: campaignRequests.id, name: campaignRequests.name })
    .from(campaignRequests)
    .where(and(eq(campaignRequests.orgId, orgId), inArray(campaignRequests.id, unique)));
  return new Map(rows.map((row) => [row.id, row.name]));
}

export async function listCampaignRequests(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number; status?: string },
) {
  const conditions: SQL[] = [eq(campaignRequests.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(campaignRequests.id, filter.beforeId));
  if (filter.status) conditions.push(eq(campaignRequests.status, filter.status));
  return db
    .select()
    .from(campaignRequests)
    .where(and(...conditions))
    .orderBy(desc(campaignRequests.id))
    .limit(filter.limit);
}

/** Moves a request from one of `from` to `to`; undefined when it was in another status. */
export async function moveCampaignRequest(
  db: Database,
  orgId: string,
  id: string,
  from: readonly string[],
  fields: Partial<NewCampaignRequest> & { status: string },
) {
  return updateIf(db, orgId, id, inArray(campaignRequests.status, [...from]), fields);
}

const minuteAgo = () => new Date(Date.now() - 60_000).toISOString();

/** Approved requests not yet published, scheduled whose start date has come and running ones past their end, across orgs. */
export async function requestsDue(db: Database, today: string, limit: number) {
  return db
    .select({
      orgId: campaignRequests.orgId,
      id: campaignRequests.id,
      status: campaignRequests.status,
      startsAt: campaignRequests.startsAt,
      endsAt: campaignRequests.endsAt,
    })
    .from(campaignRequests)
    .where(
      or(
        // Approved but not yet published: the publication failed or is still queued.
        and(eq(campaignRequests.status, 'approved'), lt(campaignRequests.decidedAt, minuteAgo())),
        and(eq(campaignRequests.status, 'scheduled'), lte(campaignRequests.startsAt, today)),
        and(
          inArray(campaignRequests.status, ['scheduled', 'active']),
          lt(campaignRequests.endsAt, today),
        ),
      ),
    )
    .orderBy(asc(campaignRequests.startsAt))
    .limit(limit);
}

/** Running requests across orgs in (org, id) order, a page after `after` (for daily checks). */
export async function activeRequestsAfter(
  db: Database,
  after: { orgId: string; id: string } | null,
  limit: number,
) {
  const t = campaignRequests;
  const conditions: SQL[] = [eq(t.status, 'active'), isNotNull(t.campaignId)];
  if (after) {
    conditions.push(
      or(gt(t.orgId, after.orgId), and(eq(t.orgId, after.orgId), gt(t.id, after.id)))!,
    );
  }
  const rows = await db
    .select({
      orgId: t.orgId,
      id: t.id,
      name: t.name,
      campaignId: t.campaignId,
      currency: t.currency,
    })
    .from(t)
    .where(and(...conditions))
    .orderBy(asc(t.orgId), asc(t.id))
    .limit(limit);
  // Active requests were drafted and published: their campaign is always there.
  return rows.map((row) => ({ ...row, campaignId: row.campaignId! }));
}

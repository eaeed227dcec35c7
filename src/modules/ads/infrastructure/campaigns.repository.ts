import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { keysetAfter, keysetOrder, type Keyset } from '../../../platform/db/keyset.js';
import { adSets, ads, campaigns } from './ads.tables.js';

export type CampaignRow = typeof campaigns.$inferSelect;
export type AdSetRow = typeof adSets.$inferSelect;
export type AdRow = typeof ads.$inferSelect;
type New<Row> = Omit<Row, 'orgId' | 'createdAt' | 'updatedAt'>;

/** Campaigns, ad sets and ads, always within one organisation. */
export async function insertCampaign(
  db: Database,
  orgId: string,
  row: Omit<New<CampaignRow>, 'deliveredTick'>,
) {
  const [inserted] = await db
    .insert(campaigns)
    .values({ ...row, orgId })
    .returning();
  return inserted!;
}

export async function findCampaign(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)));
  return row;
}

export async function findCampaignsByName(db: Database, orgId: string, name: string) {
  return db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.name, name)))
    .orderBy(desc(campaigns.id))
    .limit(5);
}

export const campaignSortFields = ['created', 'name', 'start'] as const;
export type CampaignSortField = (typeof campaignSortFields)[number];

/** A row's value of the sort key, as its cursor remembers it. */
export function campaignSortValue(row: CampaignRow, field: CampaignSortField): string {
  if (field === 'name') return row.name;
  if (field === 'start') return row.startDate;
  return row.id;
}

const campaignSortKeys = {
  created: campaigns.id,
  name: campaigns.name,
  start: campaigns.startDate,
} satisfies Record<CampaignSortField, Keyset['key']>;

/** One page of campaigns in the requested order (newest first by default), keyset-paginated. */
export async function listCampaigns(
  db: Database,
  orgId: string,
  filter: {
    sort?: { field: CampaignSortField; descending: boolean };
    after?: { value: string | number; id: string };
    limit: number;
    status?: string;
    brand?: string;
  },
) {
  const { field, descending } = filter.sort ?? { field: 'created', descending: true };
  const keyset: Keyset = { key: campaignSortKeys[field], id: campaigns.id, descending };
  const conditions: SQL[] = [eq(campaigns.orgId, orgId)];
  if (filter.after) conditions.push(keysetAfter(keyset, filter.after));
  if (filter.status) conditions.push(eq(campaigns.status, filter.status));
  if (filter.brand) conditions.push(eq(campaigns.brand, filter.brand));
  return db
    .select()
    .from(campaigns)
    .where(and(...conditions))
    .orderBy(...keysetOrder(keyset))
    .limit(filter.limit);
}

export async function updateCampaign(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<New<CampaignRow>>,
  expectedStatus?: string,
) {
  const conditions: SQL[] = [eq(campaigns.orgId, orgId), eq(campaigns.id, id)];
  // Compare-and-set on the state: two concurrent transitions cannot both win.
  if (expectedStatus) conditions.push(eq(campaigns.status, expectedStatus));
  const [row] = await db
    .update(campaigns)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(...conditions))
    .returning();
  return row;
}

export async function deleteCampaign(db: Database, orgId: string, id: string) {
  await db.delete(ads).where(and(eq(ads.orgId, orgId), eq(ads.campaignId, id)));
  await db.delete(adSets).where(and(eq(adSets.orgId, orgId), eq(adSets.campaignId, id)));
  const rows = await db
    .delete(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.id, id)))
    .returning({ id: campaigns.id });
  return rows.length > 0;
}

export async function insertAdSet(db: Database, orgId: string, row: New<AdSetRow>) {
  const [inserted] = await db
    .insert(adSets)
    .values({ ...row, orgId })
    .returning();
  return inserted!;
}

/** Several ad sets in one statement (a campaign plan's, written inside its transaction). */
export async function insertAdSets(db: Database, orgId: string, rows: New<AdSetRow>[]) {
  if (rows.length === 0) return;
  await db.insert(adSets).values(rows.map((row) => ({ ...row, orgId })));
}

export async function findAdSet(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(adSets)
    .where(and(eq(adSets.orgId, orgId), eq(adSets.id, id)));
  return row;
}

export async function listAdSets(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number; campaignId?: string; channel?: string },
) {
  const conditions: SQL[] = [eq(adSets.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(adSets.id, filter.beforeId));
  if (filter.campaignId) conditions.push(eq(adSets.campaignId, filter.campaignId));
  if (filter.channel) conditions.push(eq(adSets.channel, filter.channel));
  return db
    .select()
    .from(adSets)
    .where(and(...conditions))
    .orderBy(desc(adSets.id))
    .limit(filter.limit);
}

export async function adSetsOfCampaigns(db: Database, orgId: string, campaignIds: string[]) {
  if (campaignIds.length === 0) return [];
  return db
    .select()
    .from(adSets)
    .where(and(eq(adSets.orgId, orgId), inArray(adSets.campaignId, campaignIds)));
}

export async function deleteAdSet(db: Database, orgId: string, id: string) {
  await db.delete(ads).where(and(eq(ads.orgId, orgId), eq(ads.adSetId, id)));
  const rows = await db
    .delete(adSets)
    .where(and(eq(adSets.orgId, orgId), eq(adSets.id, id)))
    .returning({ id: adSets.id });
  return rows.length > 0;
}

export async function insertAd(db: Database, orgId: string, row: New<AdRow>) {
  const [inserted] = await db
    .insert(ads)
    .values({ ...row, orgId })
    .returning();
  return inserted!;
}

/** Several ads in one statement (a campaign plan's, written inside its transaction). */
export async function insertAds(db: Database, orgId: string, rows: New<AdRow>[]) {
  if (rows.length === 0) return;
  await db.insert(ads).values(rows.map((row) => ({ ...row, orgId })));
}

export async function findAd(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(ads)
    .where(and(eq(ads.orgId, orgId), eq(ads.id, id)));
  return row;
}

export async function listAds(
  db: Database,
  orgId: string,
  filter: { beforeId?: string; limit: number; campaignId?: string; adSetId?: string },
) {
  const conditions: SQL[] = [eq(ads.orgId, orgId)];
  if (filter.beforeId) conditions.push(lt(ads.id, filter.beforeId));
  if (filter.campaignId) conditions.push(eq(ads.campaignId, filter.campaignId));
  if (filter.adSetId) conditions.push(eq(ads.adSetId, filter.adSetId));
  return db
    .select()
    .from(ads)
    .where(and(...conditions))
    .orderBy(desc(ads.id))
    .limit(filter.limit);
}

export async function adsOfCampaign(db: Database, orgId: string, campaignId: string) {
  return db
    .select()
    .from(ads)
    .where(and(eq(ads.orgId, orgId), eq(ads.campaignId, campaignId)));
}

export async function updateAd(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<New<AdRow>>,
) {
  const [row] = await db
    .update(ads)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(ads.orgId, orgId), eq(ads.id, id)))
    .returning();
  return row;
}

export async function deleteAd(db: Database, orgId: string, id: string) {
  const rows = await db
    .delete(ads)
    .where(and(eq(ads.orgId, orgId), eq(ads.id, id)))
    .returning({ id: ads.id });
  return rows.length > 0;
}

/** An ad with its ad set's channel, in one read (the conversion path). */
export async function findAdWithChannel(db: Database, orgId: string, id: string) {
  const [row] = await db
    .select({ id: ads.id, campaignId: ads.campaignId, channel: adSets.channel })
    .from(ads)
    .innerJoin(adSets, and(eq(adSets.orgId, ads.orgId), eq(adSets.id, ads.adSetId)))
    .where(and(eq(ads.orgId, orgId), eq(ads.id, id)));
  return row;
}

/**
 * The ad a channel knows by `externalId` (a webhook names only that), with its organisation;
 * undefined when no ad, or more than one, has that id on that channel.
 */
export async function findAdByExternalId(
  db: Database,
  channel: string | readonly string[],
  externalId: string,
) {
  const channels = typeof channel === 'string' ? [channel] : [...channel];
  const rows = await db
    .select({
      orgId: ads.orgId,
      id: ads.id,
      campaignId: ads.campaignId,
      channel: adSets.channel,
      channelStatusAt: ads.channelStatusAt,
    })
    .from(ads)
    .innerJoin(adSets, and(eq(adSets.orgId, ads.orgId), eq(adSets.id, ads.adSetId)))
    .where(and(eq(ads.externalId, externalId), inArray(adSets.channel, channels)))
    .limit(2);
  return rows.length === 1 ? rows[0] : undefined;
}

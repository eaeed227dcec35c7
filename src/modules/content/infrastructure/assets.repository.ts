import { and, asc, desc, eq, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { keysetAfter, keysetOrder, type Keyset } from '../../../platform/db/keyset.js';
import { assetReviews, assets, assetVersions } from './content.tables.js';

export type AssetRow = typeof assets.$inferSelect;
export type AssetInsert = typeof assets.$inferInsert;
export type AssetVersionRow = typeof assetVersions.$inferSelect;
export type AssetVersionInsert = typeof assetVersions.$inferInsert;
export type AssetReviewRow = typeof assetReviews.$inferSelect;

/**
 * Inserts an asset with its first version in one statement (a data-modifying CTE), so it is
 * atomic without a transaction and costs one round trip: every generation ends here, and under a
 * burst the database pool is the bottleneck.
 */
export async function insertAsset(
  db: Database,
  asset: AssetInsert,
  version: Omit<AssetVersionInsert, 'orgId' | 'assetId' | 'version'>,
): Promise<AssetRow> {
  const inserted = db.$with('inserted_asset').as(db.insert(assets).values(asset).returning());
  const firstVersion = db.$with('first_version').as(
    db
      .insert(assetVersions)
      .values({ ...version, orgId: asset.orgId, assetId: asset.id, version: asset.currentVersion })
      .returning({ version: assetVersions.version }),
  );
  const [row] = await db.with(inserted, firstVersion).select().from(inserted);
  return row!;
}

export async function findAsset(
  db: Database,
  orgId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AssetRow | undefined> {
  const query = db
    .select()
    .from(assets)
    .where(and(eq(assets.orgId, orgId), eq(assets.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateAsset(
  db: Database,
  orgId: string,
  id: string,
  fields: Partial<Omit<AssetInsert, 'orgId' | 'id'>>,
): Promise<AssetRow | undefined> {
  const [row] = await db
    .update(assets)
    .set({ ...fields, updatedAt: new Date().toISOString() })
    .where(and(eq(assets.orgId, orgId), eq(assets.id, id)))
    .returning();
  return row;
}

export async function incrementUsage(
  db: Database,
  orgId: string,
  id: string,
): Promise<AssetRow | undefined> {
  const [row] = await db
    .update(assets)
    .set({ usageCount: sql`${assets.usageCount} + 1`, updatedAt: new Date().toISOString() })
    .where(and(eq(assets.orgId, orgId), eq(assets.id, id)))
    .returning();
  return row;
}

export async function deleteAssetsOfRequest(
  db: Database,
  orgId: string,
  requestId: string,
): Promise<void> {
  const ids = db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.orgId, orgId), eq(assets.requestId, requestId)));
  await db
    .delete(assetVersions)
    .where(and(eq(assetVersions.orgId, orgId), sql`${assetVersions.assetId} in ${ids}`));
  await db.delete(assets).where(and(eq(assets.orgId, orgId), eq(assets.requestId, requestId)));
}

export async function assetsOfRequest(
  db: Database,
  orgId: string,
  requestId: string,
): Promise<AssetRow[]> {
  return db
    .select()
    .from(assets)
    .where(and(eq(assets.orgId, orgId), eq(assets.requestId, requestId)))
    .orderBy(asc(assets.id));
}

export async function insertVersion(db: Database, version: AssetVersionInsert): Promise<void> {
  await db.insert(assetVersions).values(version);
}

export async function findVersion(
  db: Database,
  orgId: string,
  assetId: string,
  version: number,
): Promise<AssetVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(assetVersions)
    .where(
      and(
        eq(assetVersions.orgId, orgId),
        eq(assetVersions.assetId, assetId),
        eq(assetVersions.version, version),
      ),
    );
  return row;
}

export async function listVersions(
  db: Database,
  orgId: string,
  assetId: string,
): Promise<AssetVersionRow[]> {
  return db
    .select()
    .from(assetVersions)
    .where(and(eq(assetVersions.orgId, orgId), eq(assetVersions.assetId, assetId)))
    .orderBy(desc(assetVersions.version));
}

export async function insertReview(
  db: Database,
  review: typeof assetReviews.$inferInsert,
): Promise<void> {
  await db.insert(assetReviews).values(review);
}

export async function listReviews(
  db: Database,
  orgId: string,
  assetId: string,
): Promise<AssetReviewRow[]> {
  return db
    .select()
    .from(assetReviews)
    .where(and(eq(assetReviews.orgId, orgId), eq(assetReviews.assetId, assetId)))
    .orderBy(asc(assetReviews.id));
}

export interface AssetSearch {
  /** Full-text words (already folded). */
  q?: string;
  hashtag?: string;
  type?: string;
  channel?: string;
  status?: string;
  requestId?: string;
  /** Usage rights that lapse within `windowDays` (expiring) or already did (expired). */
  rights?: { state: 'expiring' | 'expired' | 'alerted'; now: string; windowDays: number };
  sort?: { field: AssetSortField; descending: boolean };
  after?: { value: string | number; id: string };
  limit: number;
}

export const assetSortFields = ['created', 'name'] as const;
export type AssetSortField = (typeof assetSortFields)[number];

/** A row's value of the sort key, as its cursor remembers it. */
export function assetSortValue(row: AssetRow, field: AssetSortField): string {
  return field === 'name' ? row.title : row.id;
}

/** The media library: full text over the folded search text, hashtags, filters; newest first. */
export async function searchAssets(
  db: Database,
  orgId: string,
  search: AssetSearch,
): Promise<AssetRow[]> {
  const conditions: SQL[] = [eq(assets.orgId, orgId)];
  if (search.q) {
    // The same expression as the GIN index, so the planner can use it.
    conditions.push(
      sql`to_tsvector('simple', ${assets.searchText}) @@ plainto_tsquery('simple', ${search.q})`,
    );
  }
  if (search.hashtag) conditions.push(sql`${assets.hashtags} @> array[${search.hashtag}]::text[]`);
  if (search.type) conditions.push(eq(assets.type, search.type));
  if (search.channel) conditions.push(eq(assets.channel, search.channel));
  if (search.status) conditions.push(eq(assets.status, search.status));
  if (search.requestId) conditions.push(eq(assets.requestId, search.requestId));
  if (search.rights?.state === 'expired') {
    conditions.push(lte(assets.rightsExpiresAt, search.rights.now));
  } else if (search.rights?.state === 'alerted') {
    // Alerted for the expiry it has now, and not lapsed yet.
    conditions.push(sql`${assets.rightsAlertedFor} = ${assets.rightsExpiresAt}`);
    conditions.push(gt(assets.rightsExpiresAt, search.rights.now));
  } else if (search.rights) {
    const end = new Date(Date.parse(search.rights.now) + search.rights.windowDays * 86_400_000);
    conditions.push(gt(assets.rightsExpiresAt, search.rights.now));
    conditions.push(lte(assets.rightsExpiresAt, end.toISOString()));
  }
  const { field, descending } = search.sort ?? { field: 'created', descending: true };
  const keyset: Keyset = {
    key: field === 'name' ? assets.title : assets.id,
    id: assets.id,
    descending,
  };
  if (search.after) conditions.push(keysetAfter(keyset, search.after));
  return db
    .select()
    .from(assets)
    .where(and(...conditions))
    .orderBy(...keysetOrder(keyset))
    .limit(search.limit);
}

/**
 * Assets ranked by cosine similarity of their description embedding to `vector`, computed in SQL
 * over the organisation's assets embedded with the same model (vectors are L2-normalised, so the
 * dot product is the cosine). No pgvector: a sequential pass over at most `candidates` newest rows.
 */
export async function similarAssets(
  db: Database,
  orgId: string,
  vector: readonly number[],
  model: string,
  options: { limit: number; candidates: number; type?: string },
): Promise<{ row: AssetRow; score: number }[]> {
  const literal = `{${vector.map((v) => (Number.isFinite(v) ? v : 0)).join(',')}}`;
  const conditions: SQL[] = [
    eq(assets.orgId, orgId),
    eq(assets.embeddingModel, model),
    sql`${assets.embedding} is not null`,
  ];
  if (options.type) conditions.push(eq(assets.type, options.type));
  const candidates = db
    .select({ id: assets.id, embedding: assets.embedding })
    .from(assets)
    .where(and(...conditions))
    .orderBy(desc(assets.id))
    .limit(options.candidates)
    .as('candidates');
  const score = sql<number>`(select coalesce(sum(a * b), 0) from unnest(${candidates.embedding}, ${literal}::real[]) as pair(a, b))`;
  const ranked = await db
    .select({ id: candidates.id, score: score.as('score') })
    .from(candidates)
    .orderBy(sql`score desc`, desc(candidates.id))
    .limit(options.limit);
  if (ranked.length === 0) return [];
  const rows = await db
    .select()
    .from(assets)
    .where(
      and(
        eq(assets.orgId, orgId),
        inArray(
          assets.id,
          ranked.map((r) => r.id),
        ),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ranked.flatMap((r) => {
    const row = byId.get(r.id);
    return row ? [{ row, score: Number(r.score) }] : [];
  });
}

/**
 * Marks up to `limit` assets (any organisation) whose usage rights lapse within the window and
 * were not yet alerted for that expiry; returns the ones marked. Run inside the transaction that
 * publishes their alerts, so a mark exists only with its event. Skips rows another run has locked.
 */
export async function markExpiringRights(
  db: Database,
  window: { now: string; until: string; limit: number },
): Promise<Pick<AssetRow, 'orgId' | 'id' | 'title' | 'licence' | 'rightsExpiresAt'>[]> {
  const due = db
    .select({ orgId: assets.orgId, id: assets.id })
    .from(assets)
    .where(
      and(
        gt(assets.rightsExpiresAt, window.now),
        lte(assets.rightsExpiresAt, window.until),
        sql`${assets.rightsAlertedFor} is distinct from ${assets.rightsExpiresAt}`,
      ),
    )
    .orderBy(asc(assets.rightsExpiresAt))
    .limit(window.limit)
    .for('update', { skipLocked: true });
  return db
    .update(assets)
    .set({ rightsAlertedFor: sql`${assets.rightsExpiresAt}`, rightsAlertedAt: window.now })
    .where(sql`(${assets.orgId}, ${assets.id}) in ${due}`)
    .returning({
      orgId: assets.orgId,
      id: assets.id,
      title: assets.title,
      licence: assets.licence,
      rightsExpiresAt: assets.rightsExpiresAt,
    });
}

import { and, asc, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { recordsetInsert } from '../../../platform/db/recordset-insert.js';
import { rowsOf } from '../../../platform/db/raw-result.js';
import { ads, campaigns, comments, sentimentDaily } from './ads.tables.js';

export type CommentRow = typeof comments.$inferSelect;
export type SentimentDailyRow = typeof sentimentDaily.$inferSelect;

/** Which of these channel comment ids are already stored (the ids travel as one JSON array). */
export async function storedCommentIds(
  db: Database,
  orgId: string,
  channel: string,
  externalIds: readonly string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await db
    .select({ externalId: comments.externalId })
    .from(comments)
    .where(
      and(
        eq(comments.orgId, orgId),
        eq(comments.channel, channel),
        sql`${comments.externalId} in (select jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb))`,
      ),
    );
  return new Set(rows.map((row) => row.externalId));
}

type NewComment = Omit<CommentRow, 'createdAt'>;

const insertCommentRows = recordsetInsert<NewComment>(comments, [
  'orgId',
  'id',
  'adId',
  'campaignId',
  'channel',
  'externalId',
  'author',
  'text',
  'language',
  'reactions',
  'sentiment',
  'postedAt',
]);

/** What the sentiment counters need of a comment just stored. */
export interface StoredComment {
  orgId: string;
  adId: string;
  campaignId: string;
  channel: string;
  /** The day it was posted (YYYY-MM-DD, UTC). */
  day: string;
  sentiment: number;
}

/**
 * Comments per statement: a delivery page's new comments came in one statement that held the
 * embedded database's serving thread for 70 ms; a quarter of that keeps requests moving.
 */
const commentsPerStatement = 250;

/**
 * Inserts the comments not stored yet; returns those inserted. The rows travel as one JSON
 * parameter: a delivery page's comments as Drizzle values were a thousand parameters a statement.
 */
export async function insertComments(
  db: Database,
  rows: readonly NewComment[],
): Promise<StoredComment[]> {
  const stored: StoredComment[] = [];
  for (let from = 0; from < rows.length; from += commentsPerStatement) {
    const inserted = rowsOf<{
      org_id: string;
      ad_id: string;
      campaign_id: string;
      channel: string;
      day: string;
      sentiment: number | string;
    }>(
      await db.execute(sql`${insertCommentRows(rows.slice(from, from + commentsPerStatement))}
        on conflict (org_id, channel, external_id) do nothing
        returning org_id::text, ad_id::text, campaign_id::text, channel,
          to_char(posted_at at time zone 'UTC', 'YYYY-MM-DD') as day, sentiment`),
    );
    for (const row of inserted)
      stored.push({
        orgId: row.org_id,
        adId: row.ad_id,
        campaignId: row.campaign_id,
        channel: row.channel,
        day: row.day,
        sentiment: Number(row.sentiment),
      });
  }
  return stored;
}

type SentimentKey = Pick<SentimentDailyRow, 'orgId' | 'adId' | 'campaignId' | 'channel' | 'day'>;
type SentimentCounts = SentimentKey &
  Pick<SentimentDailyRow, 'comments' | 'positive' | 'negative' | 'neutral' | 'scoreSum'>;

const insertSentimentRows = recordsetInsert<SentimentCounts>(sentimentDaily, [
  'orgId',
  'adId',
  'campaignId',
  'channel',
  'day',
  'comments',
  'positive',
  'negative',
  'neutral',
  'scoreSum',
]);

/** Adds newly stored comments to the per-ad, per-day sentiment counters. */
export async function addSentiment(db: Database, rows: readonly SentimentCounts[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`${insertSentimentRows(rows)}
    on conflict (org_id, ad_id, day) do update set
      comments = ${sentimentDaily}.comments + excluded.comments,
      positive = ${sentimentDaily}.positive + excluded.positive,
      negative = ${sentimentDaily}.negative + excluded.negative,
      neutral = ${sentimentDaily}.neutral + excluded.neutral,
      score_sum = ${sentimentDaily}.score_sum + excluded.score_sum,
      updated_at = now()`);
}

/** Sets the reactions to an influencer's post per day (the channel's latest figure wins). */
export async function setInfluencerReactions(
  db: Database,
  rows: readonly (SentimentKey & { influencerReactions: number })[],
): Promise<void> {
  if (rows.length === 0) return;
  const t = sentimentDaily;
  await db
    .insert(t)
    .values([...rows])
    .onConflictDoUpdate({
      target: [t.orgId, t.adId, t.day],
      set: { influencerReactions: sql`excluded.influencer_reactions`, updatedAt: sql`now()` },
    });
}

export async function sentimentDays(
  db: Database,
  orgId: string,
  adId: string,
  from: string,
  to: string,
): Promise<SentimentDailyRow[]> {
  const t = sentimentDaily;
  return db
    .select()
    .from(t)
    .where(and(eq(t.orgId, orgId), eq(t.adId, adId), gte(t.day, from), lte(t.day, to)))
    .orderBy(asc(t.day));
}

export async function latestComments(db: Database, orgId: string, adId: string, limit: number) {
  return db
    .select()
    .from(comments)
    .where(and(eq(comments.orgId, orgId), eq(comments.adId, adId)))
    .orderBy(desc(comments.postedAt))
    .limit(limit);
}

export interface SentimentAlertFilter {
  orgId: string;
  brand?: string;
  /** Current window [currentFrom, to]; the previous one [previousFrom, currentFrom). */
  previousFrom: string;
  currentFrom: string;
  to: string;
  maxSentiment: number;
  minComments: number;
  minDropPercent: number;
  limit: number;
}

export interface SentimentAlertRow {
  adId: string;
  campaignId: string;
  campaignName: string;
  brand: string;
  channel: string;
  variant: string;
  headline: string;
  comments: number;
  negative: number;
  sentiment: number;
  currentReactions: number;
  previousReactions: number;
  dropPercent: number;
}

/**
 * Ads whose mean comment sentiment in the current window is at most `maxSentiment` and whose
 * influencer reactions fell by more than `minDropPercent` against the previous window. Reads the
 * daily rollup only.
 */
export async function findSentimentAlerts(
  db: Database,
  filter: SentimentAlertFilter,
): Promise<SentimentAlertRow[]> {
  const s = sentimentDaily;
  const c = campaigns;
  const current = sql`${s.day} >= ${filter.currentFrom}`;
  const commentsNow = sql`coalesce(sum(${s.comments}) filter (where ${current}), 0)`;
  const scoreNow = sql`coalesce(sum(${s.scoreSum}) filter (where ${current}), 0)`;
  const reactionsNow = sql`coalesce(sum(${s.influencerReactions}) filter (where ${current}), 0)`;
  const reactionsBefore = sql`coalesce(sum(${s.influencerReactions}) filter (where not (${current})), 0)`;
  const conditions = [
    eq(s.orgId, filter.orgId),
    gte(s.day, filter.previousFrom),
    lte(s.day, filter.to),
  ];
  if (filter.brand) conditions.push(sql`lower(${c.brand}) = lower(${filter.brand})`);
  const rows = await db
    .select({
      adId: s.adId,
      campaignId: s.campaignId,
      campaignName: c.name,
      brand: c.brand,
      channel: s.channel,
      variant: ads.variant,
      headline: ads.headline,
      comments: sql<string>`${commentsNow}`,
      negative: sql<string>`coalesce(sum(${s.negative}) filter (where ${current}), 0)`,
      scoreSum: sql<string>`${scoreNow}`,
      currentReactions: sql<string>`${reactionsNow}`,
      previousReactions: sql<string>`${reactionsBefore}`,
    })
    .from(s)
    .innerJoin(c, and(eq(c.orgId, s.orgId), eq(c.id, s.campaignId)))
    .innerJoin(ads, and(eq(ads.orgId, s.orgId), eq(ads.id, s.adId)))
    .where(and(...conditions))
    .groupBy(s.adId, s.campaignId, s.channel, c.name, c.brand, ads.variant, ads.headline)
    .having(
      and(
        sql`${commentsNow} >= ${filter.minComments}::int`,
        sql`${scoreNow} <= ${filter.maxSentiment}::float8 * ${commentsNow}`,
        sql`${reactionsBefore} > 0`,
        sql`(${reactionsBefore} - ${reactionsNow}) * 100.0 > ${filter.minDropPercent}::float8 * ${reactionsBefore}`,
      ),
    )
    .orderBy(sql`(${reactionsBefore} - ${reactionsNow})::float8 / ${reactionsBefore} desc`, s.adId)
    .limit(filter.limit);
  return rows.map((row) => {
    const previous = Number(row.previousReactions);
    const currentReactions = Number(row.currentReactions);
    const count = Number(row.comments);
    return {
      adId: row.adId,
      campaignId: row.campaignId,
      campaignName: row.campaignName,
      brand: row.brand,
      channel: row.channel,
      variant: row.variant,
      headline: row.headline,
      comments: count,
      negative: Number(row.negative),
      sentiment: Math.round((Number(row.scoreSum) / count) * 1000) / 1000,
      currentReactions,
      previousReactions: previous,
      dropPercent: Math.round(((previous - currentReactions) / previous) * 1000) / 10,
    };
  });
}

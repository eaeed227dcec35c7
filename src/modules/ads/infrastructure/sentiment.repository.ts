import { and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { ads, campaigns, comments, sentimentDaily } from './ads.tables.js';

export type CommentRow = typeof comments.$inferSelect;
export type SentimentDailyRow = typeof sentimentDaily.$inferSelect;

/** Which of these channel comment ids are already stored. */
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
        inArray(comments.externalId, [...externalIds]),
      ),
    );
  return new Set(rows.map((row) => row.externalId));
}

/** Inserts the comments not stored yet; returns those inserted. */
export async function insertComments(
  db: Database,
  rows: readonly Omit<CommentRow, 'createdAt'>[],
): Promise<CommentRow[]> {
  if (rows.length === 0) return [];
  return db
    .insert(comments)
    .values([...rows])
    .onConflictDoNothing({ target: [comments.orgId, comments.channel, comments.externalId] })
    .returning();
}

type SentimentKey = Pick<SentimentDailyRow, 'orgId' | 'adId' | 'campaignId' | 'channel' | 'day'>;

/** Adds newly stored comments to the per-ad, per-day sentiment counters. */
export async function addSentiment(
  db: Database,
  rows: readonly (SentimentKey &
    Pick<SentimentDailyRow, 'comments' | 'positive' | 'negative' | 'neutral' | 'scoreSum'>)[],
): Promise<void> {
  if (rows.length === 0) return;
  const t = sentimentDaily;
  await db
    .insert(t)
    .values([...rows])
    .onConflictDoUpdate({
      target: [t.orgId, t.adId, t.day],
      set: {
        comments: sql`${t.comments} + excluded.comments`,
        positive: sql`${t.positive} + excluded.positive`,
        negative: sql`${t.negative} + excluded.negative`,
        neutral: sql`${t.neutral} + excluded.neutral`,
        scoreSum: sql`${t.scoreSum} + excluded.score_sum`,
        updatedAt: sql`now()`,
      },
    });
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

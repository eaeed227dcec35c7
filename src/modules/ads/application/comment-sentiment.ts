import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGatewayFor, type SentimentLanguage } from '../../ai/index.js';
import type { ChannelComment } from '../domain/channel-adapter.js';
import {
  addSentiment,
  insertComments,
  storedCommentIds,
  type CommentRow,
} from '../infrastructure/sentiment.repository.js';

export interface CommentedAd {
  orgId: string;
  adId: string;
  campaignId: string;
  channel: string;
}

/** The AI gateway takes at most this many texts per call. */
const batchSize = 200;

const sentimentLanguage = (language: string): SentimentLanguage =>
  language.toLowerCase().startsWith('en') ? 'en' : 'es';

/** Comments a channel returned for one ad. */
export interface FoundComments {
  ad: CommentedAd;
  found: readonly ChannelComment[];
}

/**
 * Stores the comments of an ad not seen before, each with its sentiment from the AI gateway
 * (`ads.sentiment`: the offline lexicon classifier unless the organisation configured a model),
 * and adds them to the per-ad, per-day sentiment counters in the same transaction. Comments
 * already stored are neither classified again nor counted twice. Returns how many were new.
 */
export async function recordComments(
  runtime: Runtime,
  ad: CommentedAd,
  found: readonly ChannelComment[],
): Promise<number> {
  return recordCommentsOfAds(runtime, [{ ad, found }]);
}

/**
 * `recordComments` for many ads of one organisation at once (a delivery page): one look-up per
 * channel, the classifier's batches shared, one transaction.
 */
export async function recordCommentsOfAds(
  runtime: Runtime,
  reports: readonly FoundComments[],
): Promise<number> {
  const fresh = await unseenComments(runtime, reports);
  if (fresh.length === 0) return 0;

  const gateway = aiGatewayFor(runtime);
  const rows: Omit<CommentRow, 'createdAt'>[] = [];
  for (const orgId of new Set(fresh.map(({ ad }) => ad.orgId)))
    for (const language of ['es', 'en'] as const) {
      const texts = fresh.filter(
        ({ ad, comment }) => ad.orgId === orgId && sentimentLanguage(comment.language) === language,
      );
      for (let from = 0; from < texts.length; from += batchSize) {
        const batch = texts.slice(from, from + batchSize);
        const { scores } = await gateway.classifySentiment({
          orgId,
          userId: null,
          purpose: 'ads.sentiment',
          texts: batch.map(({ comment }) => comment.text.slice(0, 2000)),
          language,
        });
        batch.forEach(({ ad, comment }, index) =>
          rows.push({
            orgId: ad.orgId,
            id: uuidv7(),
            adId: ad.adId,
            campaignId: ad.campaignId,
            channel: ad.channel,
            externalId: comment.externalId,
            author: comment.author.slice(0, 200),
            text: comment.text.slice(0, 2000),
            language,
            reactions: comment.reactions,
            sentiment: scores[index]!.score,
            postedAt: comment.postedAt,
          }),
        );
      }
    }

  return runtime.db.transaction(async (tx) => {
    const inserted = await insertComments(tx, rows);
    const days = new Map<string, Parameters<typeof addSentiment>[1][number]>();
    for (const row of inserted) {
      const { day } = row;
      const key = `${row.adId}/${day}`;
      const counter = days.get(key) ?? {
        orgId: row.orgId,
        adId: row.adId,
        campaignId: row.campaignId,
        channel: row.channel,
        day,
        comments: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        scoreSum: 0,
      };
      counter.comments += 1;
      counter.scoreSum += row.sentiment;
      if (row.sentiment >= 0.05) counter.positive += 1;
      else if (row.sentiment <= -0.05) counter.negative += 1;
      else counter.neutral += 1;
      days.set(key, counter);
    }
    await addSentiment(tx, [...days.values()]);
    return inserted.length;
  });
}

/** The reported comments not stored yet, each once (a channel may repeat one across pages). */
async function unseenComments(runtime: Runtime, reports: readonly FoundComments[]) {
  const byChannel = new Map<string, Map<string, { ad: CommentedAd; comment: ChannelComment }>>();
  for (const { ad, found } of reports) {
    const key = `${ad.orgId}/${ad.channel}`;
    const comments = byChannel.get(key) ?? new Map();
    for (const comment of found) comments.set(comment.externalId, { ad, comment });
    byChannel.set(key, comments);
  }
  const fresh: { ad: CommentedAd; comment: ChannelComment }[] = [];
  for (const comments of byChannel.values()) {
    const [first] = comments.values();
    if (!first) continue;
    const known = await storedCommentIds(runtime.db, first.ad.orgId, first.ad.channel, [
      ...comments.keys(),
    ]);
    for (const [externalId, entry] of comments) if (!known.has(externalId)) fresh.push(entry);
  }
  return fresh;
}

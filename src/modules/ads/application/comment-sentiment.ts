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
  const unique = [...new Map(found.map((comment) => [comment.externalId, comment])).values()];
  const known = await storedCommentIds(
    runtime.db,
    ad.orgId,
    ad.channel,
    unique.map((comment) => comment.externalId),
  );
  const fresh = unique.filter((comment) => !known.has(comment.externalId));
  if (fresh.length === 0) return 0;

  const gateway = aiGatewayFor(runtime);
  const rows: Omit<CommentRow, 'createdAt'>[] = [];
  for (const language of ['es', 'en'] as const) {
    const texts = fresh.filter((comment) => sentimentLanguage(comment.language) === language);
    for (let from = 0; from < texts.length; from += batchSize) {
      const batch = texts.slice(from, from + batchSize);
      const { scores } = await gateway.classifySentiment({
        orgId: ad.orgId,
        userId: null,
        purpose: 'ads.sentiment',
        texts: batch.map((comment) => comment.text.slice(0, 2000)),
        language,
      });
      batch.forEach((comment, index) =>
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
      const day = row.postedAt.slice(0, 10);
      const counter = days.get(day) ?? {
        ...ad,
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
      days.set(day, counter);
    }
    await addSentiment(tx, [...days.values()]);
    return inserted.length;
  });
}

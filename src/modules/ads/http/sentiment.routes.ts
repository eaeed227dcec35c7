import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { sentimentLabel } from '../../ai/index.js';
import { sentimentAlerts } from '../application/sentiment-alerts.js';
import { findAdWithChannel } from '../infrastructure/campaigns.repository.js';
import { latestComments, sentimentDays } from '../infrastructure/sentiment.repository.js';
import { idParams } from './ads-schemas.js';

const windowSchema = z.object({ from: z.string(), to: z.string() });
const labelSchema = z.enum(['positive', 'negative', 'neutral']);

export const sentimentAlertQuery = z.object({
  brand: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Exact brand (case-insensitive); all when absent'),
  window_days: z.coerce.number().int().min(1).max(90).default(7),
  as_of: z.iso
    .date()
    .optional()
    .describe('Last day of the current window; default yesterday (UTC)'),
  max_sentiment: z.coerce.number().min(-1).max(1).default(-0.05),
  min_comments: z.coerce.number().int().min(1).max(100_000).default(3),
  min_drop_pct: z.coerce.number().min(0).max(100).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const alertSchema = z.object({
  ad_id: z.string(),
  campaign_id: z.string(),
  campaign_name: z.string(),
  brand: z.string(),
  channel: z.string(),
  variant: z.string(),
  headline: z.string(),
  sentiment: z.object({
    score: z.number().describe('Mean comment score in the current window, −1 to 1'),
    label: labelSchema,
    comments: z.number(),
    negative_comments: z.number(),
  }),
  influencer_reactions: z.object({
    current: z.number(),
    previous: z.number(),
    drop_pct: z.number().describe('(previous − current) / previous × 100'),
  }),
});

const dayParam = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Comment sentiment per ad and the negative-sentiment / falling-influencer-reactions query. */
export const sentimentRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/ads/sentiment-alerts',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary:
          'Ads whose comment sentiment is negative and whose influencer reactions are falling',
        description:
          'Compares two windows of `window_days` days: the current one ends on `as_of` (default yesterday, the last complete day), the previous one is the same length just before it. An ad qualifies when the mean sentiment of the comments posted in the current window is at most `max_sentiment` (at least `min_comments` comments), and the reactions to its influencer post fell by more than `min_drop_pct` percent. Sorted by the drop, largest first.',
        querystring: sentimentAlertQuery,
        response: {
          200: z.object({
            object: z.literal('sentiment_alerts'),
            brand: z.string().nullable(),
            window: z.object({ current: windowSchema, previous: windowSchema }),
            data: z.array(alertSchema),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await sentimentAlerts(runtime, tenantOf(request), {
        brand: q.brand,
        windowDays: q.window_days,
        asOf: q.as_of,
        maxSentiment: q.max_sentiment,
        minComments: q.min_comments,
        minDropPercent: q.min_drop_pct,
        limit: q.limit,
      });
      return {
        object: 'sentiment_alerts' as const,
        brand: q.brand ?? null,
        window: result.windows,
        data: result.rows.map((row) => ({
          ad_id: row.adId,
          campaign_id: row.campaignId,
          campaign_name: row.campaignName,
          brand: row.brand,
          channel: row.channel,
          variant: row.variant,
          headline: row.headline,
          sentiment: {
            score: row.sentiment,
            label: sentimentLabel(row.sentiment),
            comments: row.comments,
            negative_comments: row.negative,
          },
          influencer_reactions: {
            current: row.currentReactions,
            previous: row.previousReactions,
            drop_pct: row.dropPercent,
          },
        })),
      };
    },
  );

  app.get(
    '/ads/:id/sentiment',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Comment sentiment of an ad per day, with its latest comments',
        params: idParams,
        querystring: z.object({
          from: z.iso.date().optional().describe('Default: 30 days ago'),
          to: z.iso.date().optional().describe('Default: today (UTC)'),
        }),
        response: {
          200: z.object({
            object: z.literal('ad_sentiment'),
            ad_id: z.string(),
            channel: z.string(),
            from: z.string(),
            to: z.string(),
            score: z.number().nullable(),
            label: labelSchema.nullable(),
            comments: z.number(),
            influencer_reactions: z.number(),
            days: z.array(
              z.object({
                day: z.string(),
                score: z.number().nullable(),
                comments: z.number(),
                positive: z.number(),
                negative: z.number(),
                neutral: z.number(),
                influencer_reactions: z.number(),
              }),
            ),
            latest_comments: z.array(
              z.object({
                id: z.string(),
                author: z.string(),
                text: z.string(),
                sentiment: z.number(),
                reactions: z.number(),
                posted_at: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const ad = await findAdWithChannel(runtime.db, orgId, request.params.id);
      if (!ad) throw AppError.notFound('Ad', request.params.id);
      const from = request.query.from ?? dayParam(-30);
      const to = request.query.to ?? dayParam(0);
      if (to < from)
        throw AppError.validation('The range is empty', [
          { field: 'to', message: 'must not be before from' },
        ]);
      const days = await sentimentDays(runtime.db, orgId, ad.id, from, to);
      const comments = days.reduce((sum, day) => sum + day.comments, 0);
      const scoreSum = days.reduce((sum, day) => sum + day.scoreSum, 0);
      const score = comments > 0 ? Math.round((scoreSum / comments) * 1000) / 1000 : null;
      const latest = await latestComments(runtime.db, orgId, ad.id, 20);
      return {
        object: 'ad_sentiment' as const,
        ad_id: ad.id,
        channel: ad.channel,
        from,
        to,
        score,
        label: score === null ? null : sentimentLabel(score),
        comments,
        influencer_reactions: days.reduce((sum, day) => sum + day.influencerReactions, 0),
        days: days.map((day) => ({
          day: day.day,
          score: day.comments > 0 ? Math.round((day.scoreSum / day.comments) * 1000) / 1000 : null,
          comments: day.comments,
          positive: day.positive,
          negative: day.negative,
          neutral: day.neutral,
          influencer_reactions: day.influencerReactions,
        })),
        latest_comments: latest.map((comment) => ({
          id: comment.id,
          author: comment.author,
          text: comment.text,
          sentiment: comment.sentiment,
          reactions: comment.reactions,
          posted_at: comment.postedAt,
        })),
      };
    },
  );
};

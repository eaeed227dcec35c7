import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { queryPerformance, type PerformanceRow } from '../application/performance-query.js';
import { channels } from '../domain/channels.js';

export const groupByValues = ['day', 'channel', 'country', 'city', 'ad', 'campaign'] as const;

const metricsSchema = z.object({
  impressions: z.number(),
  reach: z.number(),
  clicks: z.number().describe('Channel-reported clicks plus tracked-link clicks'),
  tracked_clicks: z.number(),
  reactions: z.number(),
  interactions: z.number(),
  exposure_hours: z.number(),
  conversions: z.number().describe('Channel-attributed plus first-party conversions'),
  tracked_conversions: z.number(),
  spend_minor: z.number(),
  revenue_minor: z.number(),
  ctr: z.number().nullable(),
  conversion_rate: z.number().nullable(),
  roi: z.number().nullable(),
  cpc_minor: z.number().nullable(),
  cpl_minor: z.number().nullable(),
  cpa_minor: z.number().nullable(),
});

export const performanceResponse = z.object({
  object: z.literal('performance'),
  from: z.string(),
  to: z.string(),
  group_by: z.enum(groupByValues),
  data: z.array(metricsSchema.extend({ key: z.string() })),
  total: metricsSchema,
});

export function metricsOf(row: PerformanceRow): z.infer<typeof metricsSchema> {
  const t = row.totals;
  return {
    impressions: t.impressions,
    reach: t.reach,
    clicks: t.clicks,
    tracked_clicks: t.trackedClicks,
    reactions: t.reactions,
    interactions: t.interactions,
    exposure_hours: row.rates.exposureHours,
    conversions: t.conversions,
    tracked_conversions: t.trackedConversions,
    spend_minor: t.costMinor,
    revenue_minor: t.revenueMinor,
    ctr: row.rates.ctr,
    conversion_rate: row.rates.conversionRate,
    roi: row.rates.roi,
    cpc_minor: row.rates.cpcMinor,
    cpl_minor: row.rates.cplMinor,
    cpa_minor: row.rates.cpaMinor,
  };
}

const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const performanceRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/ads/performance',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Performance by day, channel, country, city, ad or campaign over a date range',
        description:
          'Channel facts (delivered every minute) plus first-party tracked clicks and signed conversions (within a second). Rates are computed from the sums. Money in the campaigns’ currency (minor units); filter by campaign for a single currency.',
        querystring: z.object({
          campaign_id: z.uuid().optional(),
          ad_id: z.uuid().optional(),
          channel: z.enum(channels).optional(),
          from: z.iso.date().optional().describe('Default: 30 days ago'),
          to: z.iso.date().optional().describe('Default: today (UTC)'),
          group_by: z.enum(groupByValues).default('day'),
        }),
        response: { 200: performanceResponse },
      },
    },
    async (request) => {
      const q = request.query;
      const from = q.from ?? dayOffset(-30);
      const to = q.to ?? dayOffset(0);
      if (to < from)
        throw AppError.validation('The range is empty', [
          { field: 'to', message: 'must not be before from' },
        ]);
      const result = await queryPerformance(
        runtime,
        {
          orgId: tenantOf(request),
          from,
          to,
          campaignId: q.campaign_id,
          adId: q.ad_id,
          channel: q.channel,
        },
        q.group_by,
      );
      return {
        object: 'performance' as const,
        from,
        to,
        group_by: q.group_by,
        data: result.rows.map((row) => ({ key: row.key[q.group_by]!, ...metricsOf(row) })),
        total: metricsOf(result.total),
      };
    },
  );
};

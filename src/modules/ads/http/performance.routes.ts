import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { queryPerformance } from '../application/performance-query.js';
import { groupByValues, metricsOf, performanceResponse } from '../application/performance-view.js';
import { channels } from '../domain/channels.js';

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

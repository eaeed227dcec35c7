import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { channels } from '../domain/channels.js';
import { findAd, findAdSet, listAdSets, listAds } from '../infrastructure/campaigns.repository.js';
import {
  changeAd,
  createAd,
  createAdSet,
  removeAd,
  removeAdSet,
} from '../application/campaign-structure.js';
import { setAdPaused } from '../application/campaign-workflow.js';
import { compareAdSetVariants } from '../application/variant-comparison.js';
import {
  adFields,
  adResource,
  adSchema,
  adSetFields,
  adSetResource,
  adSetSchema,
  datesInOrder,
  idParams,
  targetingOf,
} from './ads-schemas.js';

/** Ad sets (audience, channel, budget, schedule) and their ads (creative variants). */
export const adSetRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'ad_campaigns');

  app.post(
    '/ad-sets',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Add an ad set to a campaign (before approval)',
        body: adSetFields.superRefine(datesInOrder),
        response: { 201: adSetSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await createAdSet(runtime, tenantOf(request), {
        campaignId: body.campaign_id,
        name: body.name,
        channel: body.channel,
        targeting: targetingOf(body.targeting),
        dailyBudgetMinor: body.daily_budget_minor,
        pacing: body.pacing,
        startDate: body.start_date,
        endDate: body.end_date,
        crmSegmentId: body.crm_segment_id,
        audienceId: body.audience_id,
      });
      return reply.status(201).send(adSetResource(row));
    },
  );

  app.get(
    '/ad-sets',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Ad sets, newest first; filter by campaign and channel',
        querystring: paginationQuery.extend({
          campaign_id: z.uuid().optional(),
          channel: z.enum(channels).optional(),
        }),
        response: { 200: listOf(adSetSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, campaign_id, channel } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listAdSets(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
              campaignId: campaign_id,
              channel,
            }),
          item: adSetResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/ad-sets/:id',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'One ad set',
        params: idParams,
        response: { 200: adSetSchema },
      },
    },
    async (request) => {
      const row = await findAdSet(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Ad set', request.params.id);
      return adSetResource(row);
    },
  );

  app.get(
    '/ad-sets/:id/variants',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'A/B results of the ad set’s variants and a significance test before a winner',
        description:
          'Two-proportion z-test between the two best variants on CTR (clicks / impressions) or conversion rate (conversions / clicks). `winner` is null unless p < 0.05 with at least 30 trials each.',
        params: idParams,
        querystring: z.object({
          metric: z.enum(['ctr', 'conversion_rate']).default('ctr'),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
        }),
        response: {
          200: z.object({
            object: z.literal('variant_comparison'),
            ad_set_id: z.string(),
            metric: z.string(),
            variants: z.array(
              z.object({
                ad_id: z.string(),
                variant: z.string(),
                trials: z.number(),
                successes: z.number(),
                rate: z.number(),
              }),
            ),
            test: z
              .object({
                a: z.string(),
                b: z.string(),
                z: z.number(),
                p_value: z.number(),
                significant: z.boolean(),
                winner: z.string().nullable(),
              })
              .nullable(),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const today = new Date().toISOString().slice(0, 10);
      const result = await compareAdSetVariants(
        runtime,
        tenantOf(request),
        request.params.id,
        q.metric,
        {
          from: q.from ?? new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10),
          to: q.to ?? today,
        },
      );
      return {
        object: 'variant_comparison' as const,
        ad_set_id: result.adSetId,
        metric: result.metric,
        variants: result.variants.map((v) => ({
          ad_id: v.adId,
          variant: v.variant,
          trials: v.trials,
          successes: v.successes,
          rate: Number(v.rate.toFixed(6)),
        })),
        test: result.test && {
          a: result.test.a,
          b: result.test.b,
          z: Number(result.test.z.toFixed(4)),
          p_value: Number(result.test.pValue.toFixed(6)),
          significant: result.test.significant,
          winner: result.test.winner,
        },
      };
    },
  );

  app.delete(
    '/ad-sets/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Delete an ad set and its ads (before approval)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeAdSet(runtime, tenantOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/ads',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Add an ad (a creative variant) to an ad set (before approval)',
        body: adFields,
        response: { 201: adSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await createAd(runtime, tenantOf(request), {
        adSetId: body.ad_set_id,
        variant: body.variant,
        headline: body.headline,
        body: body.body,
        callToAction: body.call_to_action,
        contentAssetId: body.content_asset_id,
      });
      return reply.status(201).send(adResource(row));
    },
  );

  app.get(
    '/ads',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Ads, newest first; filter by campaign and ad set',
        querystring: paginationQuery.extend({
          campaign_id: z.uuid().optional(),
          ad_set_id: z.uuid().optional(),
        }),
        response: { 200: listOf(adSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, campaign_id, ad_set_id } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listAds(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
              campaignId: campaign_id,
              adSetId: ad_set_id,
            }),
          item: adResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/ads/:id',
    {
      preHandler: requirePermission('ads:read'),
      schema: { tags: ['ads'], summary: 'One ad', params: idParams, response: { 200: adSchema } },
    },
    async (request) => {
      const row = await findAd(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Ad', request.params.id);
      return adResource(row);
    },
  );

  app.patch(
    '/ads/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Change an ad’s creative (before approval)',
        params: idParams,
        body: adFields.omit({ ad_set_id: true }).partial(),
        response: { 200: adSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const row = await changeAd(runtime, tenantOf(request), request.params.id, {
        variant: body.variant,
        headline: body.headline,
        body: body.body,
        callToAction: body.call_to_action,
        contentAssetId: body.content_asset_id,
      });
      return adResource(row);
    },
  );

  app.delete(
    '/ads/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Delete an ad (before approval)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeAd(runtime, tenantOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(
      `/ads/:id/${action}`,
      {
        preHandler: requirePermission('ads:publish'),
        schema: {
          tags: ['ads'],
          summary: `${action === 'pause' ? 'Pause' : 'Resume'} one ad at its channel`,
          params: idParams,
          response: { 200: adSchema },
        },
      },
      async (request) =>
        adResource(await setAdPaused(runtime, tenantOf(request), request.params.id, paused)),
    );
  }
};

import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import {
  decodeCursor,
  listOf,
  paginationQuery,
  toPage,
} from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import { assertReferences } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { isEditable, type CampaignState } from '../domain/campaign-state.js';
import { channels } from '../domain/channels.js';
import {
  deleteAd,
  deleteAdSet,
  findAd,
  findAdSet,
  findCampaign,
  insertAd,
  insertAdSet,
  listAdSets,
  listAds,
  updateAd,
} from '../infrastructure/campaigns.repository.js';
import { findAudience } from '../infrastructure/audiences.repository.js';
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
  const editableCampaign = async (orgId: string, campaignId: string) => {
    const campaign = await findCampaign(runtime.db, orgId, campaignId);
    if (!campaign) throw AppError.notFound('Campaign', campaignId);
    if (!isEditable(campaign.status as CampaignState))
      throw new AppError(
        'conflict',
        `The campaign is ${campaign.status}: its structure changes only before approval`,
      );
    return campaign;
  };

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
      const orgId = tenantOf(request);
      const body = request.body;
      await assertReferences(runtime, orgId, [
        { field: 'body.campaign_id', kind: 'ads.campaign', id: body.campaign_id },
        { field: 'body.audience_id', kind: 'ads.audience', id: body.audience_id },
        { field: 'body.crm_segment_id', kind: 'crm.segment', id: body.crm_segment_id },
      ]);
      const campaign = await editableCampaign(orgId, body.campaign_id);
      if (body.daily_budget_minor > campaign.budgetMinor)
        throw AppError.validation('The daily budget exceeds the campaign budget', [
          { field: 'daily_budget_minor', message: `must be ≤ ${campaign.budgetMinor}` },
        ]);
      const audience = body.audience_id
        ? await findAudience(runtime.db, orgId, body.audience_id)
        : undefined;
      if (body.audience_id && !audience) throw AppError.notFound('Audience', body.audience_id);
      const row = await insertAdSet(runtime.db, orgId, {
        id: uuidv7(),
        campaignId: campaign.id,
        name: body.name,
        channel: body.channel,
        targeting: audience ? audience.targeting : targetingOf(body.targeting),
        dailyBudgetMinor: body.daily_budget_minor,
        pacing: body.pacing,
        startDate: body.start_date,
        endDate: body.end_date,
        crmSegmentId: body.crm_segment_id ?? audience?.crmSegmentId ?? null,
        audienceId: audience?.id ?? null,
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
      const position = decodeCursor(cursor, z.object({ id: z.uuid() }));
      const rows = await listAdSets(runtime.db, tenantOf(request), {
        beforeId: position?.id,
        limit: limit + 1,
        campaignId: campaign_id,
        channel,
      });
      return toPage(rows, limit, adSetResource, (row) => ({ id: row.id }));
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
      const orgId = tenantOf(request);
      const row = await findAdSet(runtime.db, orgId, request.params.id);
      if (!row) throw AppError.notFound('Ad set', request.params.id);
      await editableCampaign(orgId, row.campaignId);
      await runtime.db.transaction((tx) => deleteAdSet(tx, orgId, row.id));
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
      const orgId = tenantOf(request);
      const body = request.body;
      await assertReferences(runtime, orgId, [
        { field: 'body.ad_set_id', kind: 'ads.ad-set', id: body.ad_set_id },
        { field: 'body.content_asset_id', kind: 'content.asset', id: body.content_asset_id },
      ]);
      const adSet = await findAdSet(runtime.db, orgId, body.ad_set_id);
      if (!adSet) throw AppError.notFound('Ad set', body.ad_set_id);
      await editableCampaign(orgId, adSet.campaignId);
      const row = await insertAd(runtime.db, orgId, {
        id: uuidv7(),
        campaignId: adSet.campaignId,
        adSetId: adSet.id,
        variant: body.variant,
        headline: body.headline,
        body: body.body,
        callToAction: body.call_to_action,
        contentAssetId: body.content_asset_id,
        status: 'active',
        externalId: null,
        channelStatus: null,
        channelStatusAt: null,
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
      const position = decodeCursor(cursor, z.object({ id: z.uuid() }));
      const rows = await listAds(runtime.db, tenantOf(request), {
        beforeId: position?.id,
        limit: limit + 1,
        campaignId: campaign_id,
        adSetId: ad_set_id,
      });
      return toPage(rows, limit, adResource, (row) => ({ id: row.id }));
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
      const orgId = tenantOf(request);
      const current = await findAd(runtime.db, orgId, request.params.id);
      if (!current) throw AppError.notFound('Ad', request.params.id);
      await editableCampaign(orgId, current.campaignId);
      const body = request.body;
      await assertReferences(runtime, orgId, [
        { field: 'body.content_asset_id', kind: 'content.asset', id: body.content_asset_id },
      ]);
      const row = await updateAd(runtime.db, orgId, current.id, {
        variant: body.variant,
        headline: body.headline,
        body: body.body,
        callToAction: body.call_to_action,
        contentAssetId: body.content_asset_id,
      });
      if (!row) throw AppError.notFound('Ad', request.params.id);
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
      const orgId = tenantOf(request);
      const current = await findAd(runtime.db, orgId, request.params.id);
      if (!current) throw AppError.notFound('Ad', request.params.id);
      await editableCampaign(orgId, current.campaignId);
      await deleteAd(runtime.db, orgId, current.id);
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

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  checkConversionSignature,
  recordConversion,
  rotateConversionSecret,
} from '../application/conversions.js';
import { createTrackedLink } from '../application/tracked-links.js';
import {
  findTrackedLink,
  listTrackedLinks,
  type TrackedLinkRow,
} from '../infrastructure/tracking.repository.js';
import { currencyCode, idParams } from './ads-schemas.js';

const trackedLinkSchema = z.object({
  id: z.string(),
  object: z.literal('tracked_link'),
  code: z.string(),
  url: z.string().describe('The short link to publish'),
  ad_id: z.string(),
  campaign_id: z.string(),
  destination_url: z.string(),
  utm: z.record(z.string(), z.string()),
  created_at: z.string(),
});

const utmKey = z.enum(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']);

export const conversionBody = z.object({
  organization_id: z.uuid(),
  event_id: z.string().min(1).max(200).describe('Your id of the event: a repeat is ignored'),
  ad_id: z.uuid().optional(),
  link_code: z.string().min(1).max(40).optional(),
  kind: z.enum(['lead', 'signup', 'purchase', 'other']).default('lead'),
  value_minor: z.number().int().min(0).max(1e12).default(0),
  currency: currencyCode.default('USD'),
  email: z.email().optional(),
  phone: z.string().min(5).max(32).optional(),
  occurred_at: z.iso.datetime({ offset: true }).optional(),
});

const conversionResult = z.object({
  status: z.enum(['recorded', 'duplicate']),
  id: z.string().nullable(),
});

/** Tracked links, the conversion signing secret and the signed conversion endpoint. */
export const trackingRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const resource = (row: TrackedLinkRow) => ({
    id: row.id,
    object: 'tracked_link' as const,
    code: row.code,
    url: `${runtime.config.publicUrl.replace(/\/$/, '')}/t/${row.code}`,
    ad_id: row.adId,
    campaign_id: row.campaignId,
    destination_url: row.destinationUrl,
    utm: row.utm,
    created_at: row.createdAt,
  });

  app.post(
    '/tracked-links',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Create a tracked short link for an ad',
        body: z.object({
          ad_id: z.uuid(),
          destination_url: z.url({ protocol: /^https?$/ }).max(2000),
          utm: z.partialRecord(utmKey, z.string().min(1).max(200)).default({}),
        }),
        response: { 201: trackedLinkSchema },
      },
    },
    async (request, reply) => {
      const row = await createTrackedLink(runtime, tenantOf(request), {
        adId: request.body.ad_id,
        destinationUrl: request.body.destination_url,
        utm: request.body.utm as Record<string, string>,
      });
      return reply.status(201).send(resource(row));
    },
  );

  app.get(
    '/tracked-links',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Tracked links, newest first; filter by ad',
        querystring: paginationQuery.extend({ ad_id: z.uuid().optional() }),
        response: { 200: listOf(trackedLinkSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, ad_id } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listTrackedLinks(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
              adId: ad_id,
            }),
          item: resource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/tracked-links/:id',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'One tracked link',
        params: idParams,
        response: { 200: trackedLinkSchema },
      },
    },
    async (request) => {
      const row = await findTrackedLink(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Tracked link', request.params.id);
      return resource(row);
    },
  );

  app.post(
    '/conversion-signing-secret',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Create or rotate the conversion signing secret (shown once)',
        description:
          'Sign each POST /api/v1/conversions body with HMAC-SHA256 under this secret and send `X-PromptSales-Signature: sha256=<hex>`. After a rotation the previous secret is still accepted until the next one.',
        response: {
          201: z.object({
            object: z.literal('signing_secret'),
            secret: z.string(),
            version: z.number(),
            rotated_at: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const rotated = await rotateConversionSecret(runtime, tenantOf(request));
      return reply.status(201).send({
        object: 'signing_secret' as const,
        secret: rotated.secret,
        version: rotated.version,
        rotated_at: rotated.rotatedAt,
      });
    },
  );

  // The signature covers the exact bytes received: this scope keeps the raw JSON text.
  await app.register(async (signed) => {
    const rawBodies = new WeakMap<object, string>();
    signed.removeContentTypeParser('application/json');
    signed.addContentTypeParser(
      'application/json',
      { parseAs: 'string' },
      (request, body, done) => {
        rawBodies.set(request, body as string);
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new AppError('bad_request', 'The body is not valid JSON'), undefined);
        }
      },
    );
    signed.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>().post(
      '/conversions',
      {
        config: { public: true },
        schema: {
          tags: ['ads'],
          summary: 'Record a conversion (server to server, HMAC-signed)',
          description:
            'Public; authenticated by `X-PromptSales-Signature: sha256=<hex HMAC-SHA256 of the raw body>` under the organisation signing secret. An event id already recorded answers 200 `duplicate` and changes nothing. Events older than 48 hours are refused.',
          headers: z.object({ 'x-promptsales-signature': z.string().optional() }),
          body: conversionBody,
          response: { 200: conversionResult, 201: conversionResult },
        },
      },
      async (request, reply) => {
        const body = request.body;
        await checkConversionSignature(
          runtime,
          body.organization_id,
          rawBodies.get(request) ?? '',
          request.headers['x-promptsales-signature'],
        );
        const result = await recordConversion(
          runtime,
          body.organization_id,
          {
            eventId: body.event_id,
            adId: body.ad_id,
            linkCode: body.link_code,
            kind: body.kind,
            valueMinor: body.value_minor,
            currency: body.currency,
            email: body.email,
            phone: body.phone,
            occurredAt: body.occurred_at,
          },
          'server',
        );
        return reply.status(result.status === 'recorded' ? 201 : 200).send(result);
      },
    );
  });
};

import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { checkBrandText } from '../domain/brand-check.js';
import { contentChannels } from '../domain/content-brief.js';
import { checkTextFormat } from '../domain/format-check.js';
import {
  deleteBrandKit,
  findBrandKit,
  insertBrandKit,
  listBrandKits,
  updateBrandKit,
  type BrandKitRow,
} from '../infrastructure/brand-kits.repository.js';
import { brandFindingSchema, formatFindingSchema } from './content-schemas.js';

const phraseList = z.array(z.string().trim().min(1).max(300)).max(200);
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #rrggbb colour');

/** The fields without defaults: a PATCH changes only what it sends. */
const brandKitPatch = z.object({
  name: z.string().trim().min(1).max(120),
  voice: z.string().max(2000).describe('How the brand speaks, in a few sentences'),
  colors: z.array(hexColor).max(12).describe('#rrggbb, the primary first'),
  approved_claims: phraseList,
  banned_phrases: phraseList,
  channel_limits: z
    .partialRecord(z.enum(contentChannels), z.number().int().min(1).max(10_000))
    .describe('Longest body text per channel, tighter than the platform defaults'),
  logo_text: z.string().max(40).nullable(),
});

const brandKitFields = brandKitPatch.extend({
  voice: brandKitPatch.shape.voice.default(''),
  colors: brandKitPatch.shape.colors.default([]),
  approved_claims: phraseList.default([]),
  banned_phrases: phraseList.default([]),
  channel_limits: brandKitPatch.shape.channel_limits.default({}),
  logo_text: brandKitPatch.shape.logo_text.default(null),
});

const brandKitSchema = z.object({
  id: z.string(),
  object: z.literal('brand_kit'),
  name: z.string(),
  voice: z.string(),
  colors: z.array(z.string()),
  approved_claims: z.array(z.string()),
  banned_phrases: z.array(z.string()),
  channel_limits: z.record(z.string(), z.number()),
  logo_text: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const toResource = (row: BrandKitRow) => ({
  id: row.id,
  object: 'brand_kit' as const,
  name: row.name,
  voice: row.voice,
  colors: row.colors,
  approved_claims: row.approvedClaims,
  banned_phrases: row.bannedPhrases,
  channel_limits: row.channelLimits,
  logo_text: row.logoText,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

const idParams = z.object({ id: z.uuid() });

/** Brand kits: the rules generation follows and the check that reports where copy breaks them. */
export const brandKitRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'brand_kits');
  const load = async (orgId: string, id: string) => {
    const row = await findBrandKit(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Brand kit', id);
    return row;
  };

  app.post(
    '/brand-kits',
    {
      preHandler: requirePermission('content:write'),
      config: { idempotent: true },
      schema: {
        tags: ['content'],
        summary: 'Create a brand kit',
        body: brandKitFields,
        response: { 201: brandKitSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await insertBrandKit(runtime.db, tenantOf(request), uuidv7(), {
        name: body.name,
        voice: body.voice,
        colors: body.colors,
        approvedClaims: body.approved_claims,
        bannedPhrases: body.banned_phrases,
        channelLimits: body.channel_limits,
        logoText: body.logo_text,
      });
      return reply.status(201).send(toResource(row));
    },
  );

  app.get(
    '/brand-kits',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Brand kits of the organisation, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(brandKitSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listBrandKits(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: toResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/brand-kits/:id',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'One brand kit',
        params: idParams,
        response: { 200: brandKitSchema },
      },
    },
    async (request) => toResource(await load(tenantOf(request), request.params.id)),
  );

  app.patch(
    '/brand-kits/:id',
    {
      preHandler: requirePermission('content:write'),
      schema: {
        tags: ['content'],
        summary: 'Change a brand kit (only the fields sent)',
        params: idParams,
        body: brandKitPatch.partial(),
        response: { 200: brandKitSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await load(orgId, request.params.id);
      const row = await updateBrandKit(runtime.db, orgId, request.params.id, {
        name: body.name,
        voice: body.voice,
        colors: body.colors,
        approvedClaims: body.approved_claims,
        bannedPhrases: body.banned_phrases,
        channelLimits: body.channel_limits,
        logoText: body.logo_text,
      });
      if (!row) throw AppError.notFound('Brand kit', request.params.id);
      return toResource(row);
    },
  );

  app.delete(
    '/brand-kits/:id',
    {
      preHandler: requirePermission('content:write'),
      schema: {
        tags: ['content'],
        summary: 'Delete a brand kit (requests that used it keep their findings)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await deleteBrandKit(runtime.db, tenantOf(request), request.params.id);
      if (!deleted) throw AppError.notFound('Brand kit', request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/brand-kits/:id/check',
    {
      config: { readsOnly: true },
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Check copy against a brand kit: banned phrases, unapproved claims, length',
        description:
          'Positions are UTF-16 offsets into `text` (end exclusive), as JavaScript `slice` takes them. Matching ignores case and accents and takes whole words.',
        params: idParams,
        body: z.object({
          text: z.string().min(1).max(20_000),
          channel: z.enum(contentChannels).optional(),
        }),
        response: {
          200: z.object({
            ok: z.boolean(),
            findings: z.array(brandFindingSchema),
            format_findings: z.array(formatFindingSchema),
          }),
        },
      },
    },
    async (request) => {
      const kit = await load(tenantOf(request), request.params.id);
      const findings = checkBrandText(request.body.text, kit);
      const formatFindings = checkTextFormat(
        request.body.channel,
        { body: request.body.text },
        kit.channelLimits,
      );
      return {
        ok: findings.length === 0 && formatFindings.length === 0,
        findings,
        format_findings: formatFindings,
      };
    },
  );
};

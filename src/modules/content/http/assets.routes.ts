import { planFeature } from '../../billing/index.js';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import {
  parseSort,
  sortCursor,
  sortDescription,
  sortPositionOf,
  sortValues,
} from '../../../platform/http/sorting.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { currentVersion, brandKitOfAsset } from '../application/asset-workflow.js';
import { contentServicesFor } from '../application/content-services.js';
import { loadExportItems } from '../application/asset-export.js';
import {
  contentExporters,
  exporterById,
  exporterIds,
  type ExportResult,
} from '../application/content-exporters.js';
import { findSimilarAssets } from '../application/find-similar-assets.js';
import { uploadAsset } from '../application/upload-asset.js';
import { joinText } from '../application/generate-content.js';
import { mediaOf } from '../domain/asset.js';
import { normaliseHashtag, normaliseHashtags, searchTextOf } from '../domain/asset-metadata.js';
import { checkBrandText } from '../domain/brand-check.js';
import { contentChannels, contentLanguages } from '../domain/content-brief.js';
import { rightsAlertDays } from '../domain/usage-rights.js';
import { fold } from '../domain/text-normalization.js';
import {
  findAsset,
  findVersion,
  listReviews,
  assetSortFields,
  assetSortValue,
  searchAssets,
  type AssetSortField,
  updateAsset,
} from '../infrastructure/assets.repository.js';
import { assetOut, assetSchema } from './asset-resource.js';
import { brandFindingSchema } from './content-schemas.js';

const idParams = z.object({ id: z.uuid() });

const hashtagList = z.array(z.string().trim().min(1).max(60)).max(30);

/** The media library: search, similar-by-description, upload, metadata and files. */
export const assetRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'media_library');
  const { gateway, storage } = contentServicesFor(runtime);
  const load = async (orgId: string, id: string) => {
    const row = await findAsset(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Asset', id);
    return row;
  };
  const embedDescription = async (orgId: string, userId: string, text: string, purpose: string) => {
    const result = await gateway.embed({ orgId, userId, purpose, texts: [text] });
    return { vector: result.vectors[0] ?? [], model: result.model };
  };

  app.get(
    '/assets',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Search the media library',
        description:
          '`q` is full text over title, description and hashtags (all words must match; case and accents ignored). Newest first unless `sort` says otherwise.',
        querystring: paginationQuery.extend({
          q: z.string().trim().min(1).max(200).optional(),
          hashtag: z.string().trim().min(1).max(60).optional(),
          type: z.enum(['text', 'image', 'video']).optional(),
          channel: z.enum(contentChannels).optional(),
          status: z.enum(['draft', 'in_review', 'approved', 'rejected']).optional(),
          request_id: z.uuid().optional(),
          rights: z
            .enum(['expiring', 'expired', 'alerted'])
            .optional()
            .describe(
              'Usage rights expiring within 30 days, already expired, or alerted (the rights-expiry job raised `content.asset-rights-expiring` for the current expiry)',
            ),
          sort: z.enum(sortValues(assetSortFields)).default('-created').describe(sortDescription),
        }),
        response: { 200: listOf(assetSchema) },
      },
    },
    async (request) => {
      const {
        limit,
        cursor,
        q,
        hashtag,
        rights,
        request_id: requestId,
        sort: sortValue,
        ...filters
      } = request.query;
      const sort = parseSort<AssetSortField>(sortValue);
      if (hashtag !== undefined && normaliseHashtag(hashtag) === '') {
        throw AppError.validation('The hashtag has no letters or digits', [
          { field: 'query.hashtag', message: 'needs at least one letter or digit' },
        ]);
      }
      return listPage(
        { limit, cursor },
        {
          cursor: (given) => sortPositionOf(given, sort),
          rows: (page) =>
            searchAssets(runtime.db, tenantOf(request), {
              ...filters,
              q: q ? fold(q) : undefined,
              hashtag: hashtag ? normaliseHashtag(hashtag) : undefined,
              requestId,
              rights: rights
                ? { state: rights, now: new Date().toISOString(), windowDays: rightsAlertDays }
                : undefined,
              sort,
              ...page,
            }),
          item: (row) => assetOut(row),
          position: (row) => sortCursor(sort, assetSortValue(row, sort.field), row.id),
        },
      );
    },
  );

  app.get(
    '/assets/similar',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Describe what you need: assets ranked by description similarity, with hashtags',
        description:
          'Embeds the description through the AI gateway and ranks the organisation’s assets (embedded with the same model) by cosine similarity, computed in SQL over the newest 5,000. With the offline provider the similarity is lexical (shared words and word pieces), not semantic.',
        querystring: z.object({
          description: z.string().trim().min(2).max(1000),
          type: z.enum(['text', 'image', 'video']).optional(),
          limit: z.coerce.number().int().min(1).max(50).default(10),
        }),
        response: {
          200: z.object({
            object: z.literal('list'),
            model: z.string(),
            data: z.array(assetSchema),
          }),
        },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const { model, results: ranked } = await findSimilarAssets(runtime, {
        orgId: auth.orgId,
        userId: auth.userId ?? auth.principalId,
        description: request.query.description,
        type: request.query.type,
        limit: request.query.limit,
      });
      return {
        object: 'list' as const,
        model,
        data: ranked.map(({ row, score }) =>
          assetOut(row, { score: Math.round(score * 1000) / 1000 }),
        ),
      };
    },
  );

  app.post(
    '/assets',
    {
      preHandler: requirePermission('content:write'),
      config: { idempotent: true },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['content'],
        summary: 'Upload an asset to the library (copy, or a PNG as base64)',
        body: z
          .object({
            type: z.enum(['text', 'image']),
            title: z.string().trim().min(1).max(200),
            description: z.string().trim().min(1).max(2000),
            hashtags: hashtagList.default([]),
            channel: z.enum(contentChannels).optional(),
            language: z.enum(contentLanguages).optional(),
            licence: z.string().trim().max(200).optional(),
            rights_expires_at: z.iso.datetime({ offset: true }).optional(),
            body: z.string().max(20_000).optional().describe('The copy (type text)'),
            image_base64: z
              .string()
              .max(7_000_000)
              .optional()
              .describe('A PNG, base64 (type image), at most 5 MB'),
          })
          .refine(
            (b) => (b.type === 'text' ? b.body !== undefined : b.image_base64 !== undefined),
            {
              message: 'text needs body; image needs image_base64',
              path: ['body'],
            },
          ),
        response: { 201: assetSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const body = request.body;
      const row = await uploadAsset(runtime, {
        orgId: auth.orgId,
        actor: auth.userId ?? auth.principalId,
        type: body.type,
        title: body.title,
        description: body.description,
        hashtags: body.hashtags,
        channel: body.channel,
        language: body.language,
        licence: body.licence,
        rightsExpiresAt: body.rights_expires_at,
        body: body.body,
        image:
          body.image_base64 === undefined ? undefined : Buffer.from(body.image_base64, 'base64'),
      });
      const version = await currentVersion(runtime.db, row);
      return reply.status(201).send(assetOut(row, { version }));
    },
  );

  app.get(
    '/assets/:id',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'One asset with its current version, findings and review trail',
        params: idParams,
        response: { 200: assetSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      const [version, reviews] = await Promise.all([
        currentVersion(runtime.db, row),
        listReviews(runtime.db, orgId, row.id),
      ]);
      return assetOut(row, { version, reviews });
    },
  );

  app.patch(
    '/assets/:id',
    {
      preHandler: requirePermission('content:write'),
      schema: {
        tags: ['content'],
        summary: 'Change an asset’s library metadata (description, hashtags, usage rights)',
        description:
          'Metadata only: content changes are new versions (`POST /assets/{id}/versions`).',
        params: idParams,
        body: z.object({
          title: z.string().trim().min(1).max(200).optional(),
          description: z.string().trim().min(1).max(2000).optional(),
          hashtags: hashtagList.optional(),
          licence: z.string().trim().max(200).nullable().optional(),
          rights_expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
        response: { 200: assetSchema },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const current = await load(auth.orgId, request.params.id);
      const body = request.body;
      const title = body.title ?? current.title;
      const description = body.description ?? current.description;
      const hashtags = body.hashtags ? normaliseHashtags(body.hashtags) : current.hashtags;
      const embedding =
        body.description !== undefined && body.description !== current.description
          ? await embedDescription(
              auth.orgId,
              auth.userId ?? auth.principalId,
              description,
              'content.embed-description',
            )
          : undefined;
      const row = await updateAsset(runtime.db, auth.orgId, current.id, {
        title,
        description,
        hashtags,
        searchText: searchTextOf({ title, description, hashtags }),
        ...(embedding ? { embedding: embedding.vector, embeddingModel: embedding.model } : {}),
        ...(body.licence !== undefined ? { licence: body.licence } : {}),
        ...(body.rights_expires_at !== undefined
          ? { rightsExpiresAt: body.rights_expires_at }
          : {}),
      });
      if (!row) throw AppError.notFound('Asset', current.id);
      return assetOut(row);
    },
  );

  app.post(
    '/assets/:id/check',
    {
      config: { readsOnly: true },
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Re-run the brand check on the current version against its request’s brand kit',
        params: idParams,
        response: {
          200: z.object({
            brand_kit_id: z.string().nullable(),
            findings: z.array(brandFindingSchema),
          }),
        },
      },
    },
    async (request) => {
      const row = await load(tenantOf(request), request.params.id);
      const kit = await brandKitOfAsset(runtime.db, row);
      const version = await currentVersion(runtime.db, row);
      return {
        brand_kit_id: kit?.id ?? null,
        findings: kit ? checkBrandText(joinText(version.content), kit) : [],
      };
    },
  );

  app.get(
    '/assets/:id/file',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'The PNG of an image asset, or a storyboard frame of a video (scene, from 1)',
        params: idParams,
        querystring: z.object({
          version: z.coerce.number().int().min(1).optional(),
          scene: z.coerce.number().int().min(1).max(50).optional(),
        }),
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      const version = await findVersion(
        runtime.db,
        orgId,
        row.id,
        request.query.version ?? row.currentVersion,
      );
      const media = version ? mediaOf(version.content, request.query.scene) : undefined;
      const bytes = media ? await storage.get(media.mediaKey) : undefined;
      if (!media || !bytes) throw AppError.notFound('File of asset', row.id);
      return reply
        .header('content-type', media.contentType)
        .header('cache-control', 'private, max-age=3600')
        .header('content-disposition', `inline; filename="${row.id}-v${version!.version}.png"`)
        .send(bytes);
    },
  );

  const exportBody = z.object({ asset_ids: z.array(z.uuid()).min(1).max(50) });
  const sendExport = (reply: FastifyReply, result: ExportResult) =>
    result.kind === 'download'
      ? reply
          .header('content-type', result.contentType)
          .header('content-disposition', `attachment; filename="${result.fileName}"`)
          .send(Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength))
      : reply.send({
          destination: result.destination,
          references: result.references.map((r) => ({ asset_id: r.assetId, url: r.url })),
        });

  app.get(
    '/content-exporters',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Where assets can be exported, whether each is configured, and what it uploads',
        response: {
          200: z.object({
            data: z.array(
              z.object({
                // Named like the path parameter it fills (`POST /assets/export/{exporter}`).
                exporter: z.enum(exporterIds),
                label: z.string(),
                configured: z.boolean(),
                reason: z.string().nullable(),
                setup: z.string().nullable(),
                mapping: z.object({ text: z.string(), image: z.string(), video: z.string() }),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      data: contentExporters.map((exporter) => {
        const status = exporter.status();
        return {
          exporter: exporter.id,
          label: exporter.label,
          configured: status.configured,
          reason: status.configured ? null : status.reason,
          setup: status.configured ? null : status.setup,
          mapping: { ...exporter.mapping },
        };
      }),
    }),
  );

  app.post(
    '/assets/export',
    {
      config: { readsOnly: true },
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Download assets as a zip (files per asset and a manifest.json)',
        description:
          'At most 50 assets; every id must be one of the organisation’s (400 naming `asset_ids` otherwise). Copy as copy.txt, banners as image.png, videos as script.txt and scene-N.png. The same as `POST /assets/export/zip`.',
        body: exportBody,
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const items = await loadExportItems(runtime.db, storage, orgId, request.body.asset_ids);
      return sendExport(reply, await exporterById('zip').export(items, { orgId }));
    },
  );

  app.post(
    '/assets/export/:exporter',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Export assets through one exporter (zip download, Canva, Adobe Express, Meta)',
        description:
          'Every id must be one of the organisation’s (400 naming `asset_ids` otherwise). An exporter that is not configured answers 422 with `exporter`, `configured: false` and the `setup` it needs (see `GET /content-exporters`).',
        params: z.object({ exporter: z.enum(exporterIds) }),
        body: exportBody,
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const exporter = exporterById(request.params.exporter);
      const items = await loadExportItems(runtime.db, storage, orgId, request.body.asset_ids);
      return sendExport(reply, await exporter.export(items, { orgId }));
    },
  );
};

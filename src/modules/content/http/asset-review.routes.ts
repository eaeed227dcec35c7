import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { addVersion, currentVersion, reviewAsset } from '../application/asset-workflow.js';
import type { VersionContent } from '../domain/asset.js';
import { rightsStatus } from '../domain/usage-rights.js';
import {
  findAsset,
  incrementUsage,
  listReviews,
  listVersions,
} from '../infrastructure/assets.repository.js';
import { assetOut, assetSchema, versionSchema, versionOut } from './asset-resource.js';

const idParams = z.object({ id: z.uuid() });

/** Versions, the review workflow and usage counting of library assets. */
export const assetReviewRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'media_library');
  const load = async (orgId: string, id: string) => {
    const row = await findAsset(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Asset', id);
    return row;
  };
  const actorOf = (request: Parameters<typeof authOf>[0]) => {
    const auth = authOf(request);
    return auth.userId ?? auth.principalId;
  };

  app.get(
    '/assets/:id/versions',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Every version of an asset, newest first',
        params: idParams,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(versionSchema) }) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      const versions = await listVersions(runtime.db, orgId, row.id);
      return { object: 'list' as const, data: versions.map(versionOut) };
    },
  );

  app.post(
    '/assets/:id/versions',
    {
      preHandler: requirePermission('content:write'),
      config: { idempotent: true },
      schema: {
        tags: ['content'],
        summary: 'Edit an asset: a new version (checked again; the asset returns to draft)',
        description:
          'Text assets take `headline`/`body`/`call_to_action`; image and video assets take `headline` (image) or `script` (video); their media stay as they are.',
        params: idParams,
        body: z.object({
          headline: z.string().trim().min(1).max(300).optional(),
          body: z.string().max(20_000).optional(),
          call_to_action: z.string().trim().max(120).optional(),
          script: z.string().max(20_000).optional(),
          note: z.string().trim().max(500).optional(),
        }),
        response: { 201: assetSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      const previous = (await currentVersion(runtime.db, row)).content;
      const body = request.body;
      let content: VersionContent;
      if (previous.kind === 'text') {
        content = {
          ...previous,
          headline: body.headline ?? previous.headline,
          body: body.body ?? previous.body,
          callToAction: body.call_to_action ?? previous.callToAction,
        };
      } else if (previous.kind === 'image') {
        content = { ...previous, headline: body.headline ?? previous.headline };
      } else {
        content = { ...previous, script: body.script ?? previous.script };
      }
      const updated = await addVersion(
        runtime.db,
        row,
        content,
        actorOf(request),
        body.note ?? null,
      );
      const version = await currentVersion(runtime.db, updated);
      return reply.status(201).send(assetOut(updated, { version }));
    },
  );

  const reviewRoute = (
    action: 'submit' | 'approve' | 'reject',
    permission: string,
    summary: string,
  ) =>
    app.post(
      `/assets/:id/${action}`,
      {
        preHandler: requirePermission(permission),
        schema: {
          tags: ['content'],
          summary,
          params: idParams,
          body: z
            .object({ comment: z.string().trim().max(2000).optional() })
            .optional()
            .default({}),
          response: { 200: assetSchema },
        },
      },
      async (request) => {
        const orgId = tenantOf(request);
        await load(orgId, request.params.id);
        const updated = await reviewAsset(
          runtime.db,
          orgId,
          request.params.id,
          action,
          actorOf(request),
          request.body.comment?.trim() || null,
        );
        const [version, reviews] = await Promise.all([
          currentVersion(runtime.db, updated),
          listReviews(runtime.db, orgId, updated.id),
        ]);
        return assetOut(updated, { version, reviews });
      },
    );
  reviewRoute('submit', 'content:write', 'Submit the current version for review');
  reviewRoute('approve', 'content:approve', 'Approve the version in review');
  reviewRoute('reject', 'content:approve', 'Reject the version in review (a comment is required)');

  app.post(
    '/assets/:id/usages',
    {
      preHandler: requirePermission('content:write'),
      schema: {
        tags: ['content'],
        summary: 'Record one use of an asset (publishing it somewhere)',
        description: 'Refused with 409 when its usage rights have expired.',
        params: idParams,
        response: { 200: assetSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      if (rightsStatus(row.rightsExpiresAt, new Date()).expired) {
        throw new AppError(
          'conflict',
          `The usage rights of asset ${row.id} expired on ${row.rightsExpiresAt}`,
        );
      }
      const updated = await incrementUsage(runtime.db, orgId, row.id);
      if (!updated) throw AppError.notFound('Asset', row.id);
      return assetOut(updated);
    },
  );
};

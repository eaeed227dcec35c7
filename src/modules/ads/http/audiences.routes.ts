import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import { assertReferences } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  deleteAudience,
  findAudience,
  insertAudience,
  listAudiences,
  updateAudience,
} from '../infrastructure/audiences.repository.js';
import {
  audienceResource,
  audienceSchema,
  idParams,
  targetingOf,
  targetingSchema,
} from './ads-schemas.js';

const audienceFields = z.object({
  name: z.string().trim().min(1).max(200),
  targeting: targetingSchema,
  crm_segment_id: z.uuid().nullable().default(null),
});

const segmentReference = (id: string | null | undefined) => [
  { field: 'body.crm_segment_id', kind: 'crm.segment', id },
];

/** Reusable target audiences (age, genders, markets, languages, interests, CRM segment). */
export const audienceRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'ad_campaigns');
  app.post(
    '/audiences',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Save a target audience',
        body: audienceFields,
        response: { 201: audienceSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, segmentReference(body.crm_segment_id));
      const row = await insertAudience(runtime.db, orgId, uuidv7(), {
        name: body.name,
        targeting: targetingOf(body.targeting),
        crmSegmentId: body.crm_segment_id,
      });
      return reply.status(201).send(audienceResource(row));
    },
  );

  app.get(
    '/audiences',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Saved audiences, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(audienceSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listAudiences(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: audienceResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/audiences/:id',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'One audience',
        params: idParams,
        response: { 200: audienceSchema },
      },
    },
    async (request) => {
      const row = await findAudience(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Audience', request.params.id);
      return audienceResource(row);
    },
  );

  app.patch(
    '/audiences/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Change an audience (ad sets keep the targeting they copied)',
        params: idParams,
        body: audienceFields.partial(),
        response: { 200: audienceSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, segmentReference(body.crm_segment_id));
      const row = await updateAudience(runtime.db, orgId, request.params.id, {
        name: body.name,
        targeting: body.targeting ? targetingOf(body.targeting) : undefined,
        crmSegmentId: body.crm_segment_id,
      });
      if (!row) throw AppError.notFound('Audience', request.params.id);
      return audienceResource(row);
    },
  );

  app.delete(
    '/audiences/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Delete an audience',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await deleteAudience(runtime.db, tenantOf(request), request.params.id);
      if (!deleted) throw AppError.notFound('Audience', request.params.id);
      return reply.status(204).send(null);
    },
  );
};

import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { scheduleRecompute } from '../application/segments.js';
import { segmentRulesSchema } from '../domain/segment-rules.js';
import {
  countMatching,
  deleteSegment,
  findSegment,
  insertSegment,
  listMembers,
  listSegments,
  memberCounts,
  updateSegment,
  type MemberRow,
  type SegmentRow,
} from '../infrastructure/segments.repository.js';
import { idParams } from './crm-schemas.js';

const segmentFields = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2_000).nullable().default(null),
  rules: segmentRulesSchema,
});

/** A PATCH names only what changes (no defaults: an absent field stays as it is). */
const segmentPatch = z.object({
  name: segmentFields.shape.name.optional(),
  description: z.string().trim().max(2_000).nullable().optional(),
  rules: segmentRulesSchema.optional(),
});

const segmentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  rules: z.unknown().describe('The rule set as saved (see the create body)'),
  origin: z.enum(['manual', 'campaign_request']),
  campaign_request_id: z.uuid().nullable(),
  member_count: z.number().int().describe('As of computed_at'),
  computed_at: z.iso.datetime({ offset: true }).nullable().describe('Null until first computed'),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});

const eligibleSchema = z
  .object({ email: z.number().int(), sms: z.number().int(), whatsapp: z.number().int() })
  .describe('Members with a granted consent and an address for the channel');

const segmentDetailSchema = segmentSchema.extend({ eligible: eligibleSchema });

const memberSchema = z.object({
  contact_id: z.uuid(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  lifecycle_stage: z.string(),
  score: z.number().int().nullable(),
  added_at: z.iso.datetime({ offset: true }),
});

const iso = (value: string) => new Date(value).toISOString();

function segmentResource(row: SegmentRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rules: row.rules,
    origin: row.origin as 'manual' | 'campaign_request',
    campaign_request_id: row.campaignRequestId,
    member_count: row.memberCount,
    computed_at: row.computedAt ? iso(row.computedAt) : null,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

function memberResource(row: MemberRow) {
  return {
    contact_id: row.contactId,
    first_name: row.firstName,
    last_name: row.lastName,
    country: row.country,
    city: row.city,
    lifecycle_stage: row.lifecycleStage,
    score: row.score,
    added_at: iso(row.addedAt),
  };
}

/**
 * Segments: rule sets over contact fields, their membership (recomputed by a job after every
 * change, kept current per contact on CRM events, fully every 15 minutes), counts and channel
 * eligibility.
 */
export const segmentRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.post(
    '/segments',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.segment_created' },
      schema: {
        tags: ['crm'],
        summary: 'Define a segment (membership is computed in the background: poll computed_at)',
        body: segmentFields,
        response: { 201: segmentSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const row = await runtime.db.transaction(async (tx) => {
        const created = await insertSegment(tx, {
          orgId,
          id: uuidv7(),
          name: request.body.name,
          description: request.body.description,
          rules: request.body.rules,
          createdBy: authOf(request).principalId,
        });
        await scheduleRecompute(runtime, orgId, created.id, tx);
        return created;
      });
      request.auditContext = { target: row.id };
      return reply.status(201).send(segmentResource(row));
    },
  );

  app.post(
    '/segments/preview',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Count the contacts unsaved rules would match now',
        body: z.object({ rules: segmentRulesSchema }),
        response: { 200: z.object({ count: z.number().int() }) },
      },
    },
    async (request) => ({
      count: await countMatching(runtime.db, tenantOf(request), request.body.rules),
    }),
  );

  app.get(
    '/segments',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Segments, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(segmentSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listSegments(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: segmentResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/segments/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One segment with its live member count and channel eligibility',
        params: idParams,
        response: { 200: segmentDetailSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await findSegment(runtime.db, orgId, request.params.id);
      if (!row) throw AppError.notFound('Segment', request.params.id);
      const counts = await memberCounts(runtime.db, orgId, row.id);
      return {
        ...segmentResource(row),
        member_count: counts.members,
        eligible: { email: counts.email, sms: counts.sms, whatsapp: counts.whatsapp },
      };
    },
  );

  app.get(
    '/segments/:id/members',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: "A segment's members, by contact id",
        params: idParams,
        querystring: paginationQuery,
        response: { 200: listOf(memberSchema) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const segment = await findSegment(runtime.db, orgId, request.params.id);
      if (!segment) throw AppError.notFound('Segment', request.params.id);
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listMembers(runtime.db, orgId, segment.id, {
              afterContactId: page.after?.id,
              limit: page.limit,
            }),
          item: memberResource,
          position: (row) => ({ id: row.contactId }),
        },
      );
    },
  );

  app.patch(
    '/segments/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.segment_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Rename a segment or change its rules (membership is recomputed)',
        params: idParams,
        body: segmentPatch,
        response: { 200: segmentSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const { name, description, rules } = request.body;
      const row = await runtime.db.transaction(async (tx) => {
        const updated = await updateSegment(tx, orgId, request.params.id, {
          name,
          description,
          rules,
        });
        if (updated && rules) await scheduleRecompute(runtime, orgId, updated.id, tx);
        return updated;
      });
      if (!row) throw AppError.notFound('Segment', request.params.id);
      request.auditContext = { target: row.id };
      return segmentResource(row);
    },
  );

  app.post(
    '/segments/:id/recompute',
    {
      preHandler: requirePermission('crm:write'),
      schema: {
        tags: ['crm'],
        summary: 'Recompute the membership now (in the background)',
        params: idParams,
        response: { 202: z.object({ id: z.uuid(), status: z.literal('queued') }) },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const row = await findSegment(runtime.db, orgId, request.params.id);
      if (!row) throw AppError.notFound('Segment', request.params.id);
      await scheduleRecompute(runtime, orgId, row.id);
      return reply.status(202).send({ id: row.id, status: 'queued' as const });
    },
  );

  app.delete(
    '/segments/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.segment_deleted' },
      schema: {
        tags: ['crm'],
        summary: 'Delete a segment and its membership',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await runtime.db.transaction((tx) =>
        deleteSegment(tx, tenantOf(request), request.params.id),
      );
      if (!deleted) throw AppError.notFound('Segment', request.params.id);
      request.auditContext = { target: request.params.id };
      return reply.status(204).send(null);
    },
  );
};

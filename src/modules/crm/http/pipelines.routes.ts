import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { pipelineStages } from '../domain/deal-state.js';
import {
  ensureDefaultPipeline,
  findPipeline,
  insertPipeline,
  listPipelines,
  stagesOf,
  type PipelineRow,
  type StageRow,
} from '../infrastructure/pipelines.repository.js';
import { idParams } from './crm-schemas.js';

const stageSchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number(),
  kind: z.enum(['open', 'won', 'lost']),
  probability: z.number(),
});
const pipelineSchema = z.object({
  id: z.string(),
  object: z.literal('pipeline'),
  name: z.string(),
  is_default: z.boolean(),
  stages: z.array(stageSchema),
  created_at: z.string(),
});

function pipelineResource(row: PipelineRow, stages: StageRow[]): z.infer<typeof pipelineSchema> {
  return {
    id: row.id,
    object: 'pipeline',
    name: row.name,
    is_default: row.isDefault,
    stages: stages
      .filter((stage) => stage.pipelineId === row.id)
      .map((stage) => ({
        id: stage.id,
        name: stage.name,
        position: stage.position,
        kind: stage.kind as 'open',
        probability: stage.probability,
      })),
    created_at: row.createdAt,
  };
}

/** Sales pipelines and their stages; every organisation has a default one. */
export const pipelineRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.post(
    '/pipelines',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.pipeline_created' },
      schema: {
        tags: ['crm'],
        summary: 'Create a pipeline from its open stages (Won and Lost are added)',
        body: z.object({
          name: z.string().trim().min(1).max(120),
          stages: z
            .array(
              z.object({
                name: z.string().trim().min(1).max(80),
                probability: z.number().int().min(0).max(100),
              }),
            )
            .min(1)
            .max(20),
        }),
        response: { 201: pipelineSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await ensureDefaultPipeline(runtime.db, orgId);
      const created = await runtime.db.transaction((tx) =>
        insertPipeline(tx, orgId, request.body.name, pipelineStages(request.body.stages), false),
      );
      request.auditContext = { target: created.pipeline.id };
      return reply.status(201).send(pipelineResource(created.pipeline, created.stages));
    },
  );

  app.get(
    '/pipelines',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Pipelines with their stages (the default one first)',
        response: { 200: z.object({ object: z.literal('list'), data: z.array(pipelineSchema) }) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      await ensureDefaultPipeline(runtime.db, orgId);
      const rows = await listPipelines(runtime.db, orgId);
      const stages = await stagesOf(
        runtime.db,
        orgId,
        rows.map((row) => row.id),
      );
      rows.sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
      return {
        object: 'list' as const,
        data: rows.map((row) => pipelineResource(row, stages)),
      };
    },
  );

  app.get(
    '/pipelines/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One pipeline with its stages',
        params: idParams,
        response: { 200: pipelineSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await findPipeline(runtime.db, orgId, request.params.id);
      if (!row) throw AppError.notFound('Pipeline', request.params.id);
      return pipelineResource(row, await stagesOf(runtime.db, orgId, [row.id]));
    },
  );
};

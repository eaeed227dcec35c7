import { planFeature } from '../../billing/index.js';
import { flowReferences } from './reference-fields.js';
import { assertReferences } from '../../../platform/references.js';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmServicesFor } from '../application/crm-services.js';
import {
  flowStepSchema,
  flowTriggerSchema,
  triggerKeyOf,
  type FlowStep,
} from '../domain/automation-flow.js';
import { segmentRulesSchema } from '../domain/segment-rules.js';
import {
  deleteFlow,
  findFlow,
  findRun,
  insertFlow,
  listFlows,
  listRuns,
  updateFlow,
  type FlowRow,
  type RunRow,
} from '../infrastructure/automations.repository.js';
import { idParams } from './crm-schemas.js';

const flowFields = z.object({
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(false),
  trigger: flowTriggerSchema,
  conditions: segmentRulesSchema
    .nullable()
    .default(null)
    .describe('The segment rule language; the run goes on only if the contact matches'),
  steps: z.array(flowStepSchema).min(1).max(30),
});

/** A PATCH names only what changes (no defaults: an absent field stays as it is). */
const flowPatch = z.object({
  name: flowFields.shape.name.optional(),
  enabled: z.boolean().optional(),
  trigger: flowTriggerSchema.optional(),
  conditions: segmentRulesSchema.nullable().optional(),
  steps: flowFields.shape.steps.optional(),
});

const flowSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  trigger: z.unknown(),
  conditions: z.unknown().nullable(),
  steps: z.array(z.unknown()),
  webhook_secret: z
    .string()
    .optional()
    .describe('Shown once, when a webhook step first needs it: verify PromptSales-Signature'),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});

const runSchema = z.object({
  id: z.uuid(),
  flow_id: z.uuid(),
  contact_id: z.uuid(),
  occurrence: z.string(),
  status: z.enum(['running', 'waiting', 'completed', 'failed', 'skipped']),
  next_step: z.number().int(),
  log: z.array(
    z.object({
      step: z.number().int(),
      action: z.string(),
      status: z.string(),
      at: z.string(),
      detail: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  started_at: z.iso.datetime({ offset: true }),
  finished_at: z.iso.datetime({ offset: true }).nullable(),
});

const iso = (value: string) => new Date(value).toISOString();

function flowResource(row: FlowRow, webhookSecret?: string) {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: row.trigger,
    conditions: row.conditions,
    steps: row.steps,
    ...(webhookSecret ? { webhook_secret: webhookSecret } : {}),
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

function runResource(row: RunRow) {
  return {
    id: row.id,
    flow_id: row.flowId,
    contact_id: row.contactId,
    occurrence: row.occurrenceKey,
    status: row.status as z.infer<typeof runSchema>['status'],
    next_step: row.nextStep,
    log: row.log,
    started_at: iso(row.startedAt),
    finished_at: row.finishedAt ? iso(row.finishedAt) : null,
  };
}

const needsSecret = (steps: FlowStep[]) => steps.some((step) => step.action === 'call_webhook');
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Attention flows (trigger → conditions → steps), enable/disable, and their runs' logs. */
export const automationRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm_automations');
  const crypto = crmServicesFor(runtime).crypto;

  app.post(
    '/automations',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.automation_created' },
      schema: {
        tags: ['crm'],
        summary: 'Create an attention flow (disabled unless `enabled` is true)',
        body: flowFields,
        response: { 201: flowSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, flowReferences(body));
      const secret = needsSecret(body.steps) ? newSecret() : undefined;
      const row = await insertFlow(runtime.db, {
        orgId,
        id: uuidv7(),
        name: body.name,
        enabled: body.enabled,
        trigger: body.trigger,
        triggerKey: triggerKeyOf(body.trigger),
        conditions: body.conditions,
        steps: body.steps,
        webhookSecretEncrypted: secret ? crypto.encrypt(secret) : null,
        createdBy: authOf(request).principalId,
      });
      request.auditContext = { target: row.id };
      return reply.status(201).send(flowResource(row, secret));
    },
  );

  app.get(
    '/automations',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Attention flows, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(flowSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listFlows(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: (row) => flowResource(row),
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/automations/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One attention flow',
        params: idParams,
        response: { 200: flowSchema },
      },
    },
    async (request) => {
      const row = await findFlow(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Automation', request.params.id);
      return flowResource(row);
    },
  );

  app.patch(
    '/automations/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.automation_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Change a flow (runs under way finish with the steps they started with)',
        params: idParams,
        body: flowPatch,
        response: { 200: flowSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const existing = await findFlow(runtime.db, orgId, request.params.id);
      if (!existing) throw AppError.notFound('Automation', request.params.id);
      const body = request.body;
      await assertReferences(runtime, orgId, flowReferences(body));
      const secret =
        body.steps && needsSecret(body.steps) && !existing.webhookSecretEncrypted
          ? newSecret()
          : undefined;
      const row = await updateFlow(runtime.db, orgId, existing.id, {
        name: body.name,
        enabled: body.enabled,
        ...(body.trigger ? { trigger: body.trigger, triggerKey: triggerKeyOf(body.trigger) } : {}),
        conditions: body.conditions,
        steps: body.steps,
        ...(secret ? { webhookSecretEncrypted: crypto.encrypt(secret) } : {}),
      });
      if (!row) throw AppError.notFound('Automation', request.params.id);
      request.auditContext = { target: row.id };
      return flowResource(row, secret);
    },
  );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/automations/:id/${verb}`,
      {
        preHandler: requirePermission('crm:write'),
        config: { audit: `crm.automation_${verb}d` },
        schema: {
          tags: ['crm'],
          summary: enabled ? 'Turn a flow on' : 'Turn a flow off (runs under way go on)',
          params: idParams,
          response: { 200: flowSchema },
        },
      },
      async (request) => {
        const row = await updateFlow(runtime.db, tenantOf(request), request.params.id, {
          enabled,
        });
        if (!row) throw AppError.notFound('Automation', request.params.id);
        request.auditContext = { target: row.id };
        return flowResource(row);
      },
    );
  }

  app.delete(
    '/automations/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.automation_deleted' },
      schema: {
        tags: ['crm'],
        summary: 'Delete a flow (its run logs stay)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await deleteFlow(runtime.db, tenantOf(request), request.params.id);
      if (!deleted) throw AppError.notFound('Automation', request.params.id);
      request.auditContext = { target: request.params.id };
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/automations/:id/runs',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: "A flow's runs with their execution logs, newest first",
        params: idParams,
        querystring: paginationQuery,
        response: { 200: listOf(runSchema) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const flow = await findFlow(runtime.db, orgId, request.params.id);
      if (!flow) throw AppError.notFound('Automation', request.params.id);
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listRuns(runtime.db, orgId, flow.id, {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: runResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/automation-runs/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One run with its execution log',
        params: idParams,
        response: { 200: runSchema },
      },
    },
    async (request) => {
      const row = await findRun(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Automation run', request.params.id);
      return runResource(row);
    },
  );
};

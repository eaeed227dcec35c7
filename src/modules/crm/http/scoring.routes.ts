import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { fitScoringModel, minimumLabelled, scoreContacts } from '../application/scoring.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import {
  activeModel,
  listModels,
  type ScoringModelRow,
} from '../infrastructure/scoring.repository.js';
import { idParams } from './crm-schemas.js';

const modelSchema = z.object({
  id: z.uuid(),
  version: z.number().int(),
  kind: z.enum(['logistic', 'rules']).describe('`rules` until enough won/lost history exists'),
  active: z.boolean(),
  metrics: z.object({
    auc: z.number().nullable().describe('Area under the ROC curve on the holdout'),
    accuracy: z.number().nullable(),
    train_size: z.number().int(),
    holdout_size: z.number().int(),
    won: z.number().int(),
    lost: z.number().int(),
  }),
  coefficients: z
    .array(z.object({ feature: z.string(), weight: z.number() }))
    .describe('Per standardised feature; empty for rules'),
  trained_at: z.iso.datetime({ offset: true }),
});

const factorSchema = z.object({
  feature: z.string(),
  contribution: z.number().describe('Push on the score: log-odds (model) or points (rules)'),
  detail: z.string().nullable(),
});

const scoreSchema = z.object({
  contact_id: z.uuid(),
  score: z.number().int().nullable().describe('Purchase intent, 0–100; null until scored'),
  scored_at: z.iso.datetime({ offset: true }).nullable(),
  model: z.object({ kind: z.enum(['logistic', 'rules']), version: z.number().int().nullable() }),
  explain: z.array(factorSchema).describe('The strongest factors behind the score, largest first'),
});

function modelResource(row: ScoringModelRow) {
  const parameters = row.parameters;
  return {
    id: row.id,
    version: row.version,
    kind: row.kind as 'logistic' | 'rules',
    active: row.active,
    metrics: {
      auc: row.metrics.auc,
      accuracy: row.metrics.accuracy,
      train_size: row.metrics.trainSize,
      holdout_size: row.metrics.holdoutSize,
      won: row.metrics.won,
      lost: row.metrics.lost,
    },
    coefficients: parameters
      ? parameters.featureNames.map((feature, index) => ({
          feature,
          weight: Number(parameters.weights[index]!.toFixed(4)),
        }))
      : [],
    trained_at: new Date(row.trainedAt).toISOString(),
  };
}

/** Purchase-intent scores with their explanation, and the organisation's scoring model. */
export const scoringRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'lead_scoring');
  async function scoreResource(orgId: string, contactId: string) {
    const contact = await findContact(runtime.db, orgId, contactId);
    if (!contact || contact.erasedAt) throw AppError.notFound('Contact', contactId);
    const model = await activeModel(runtime.db, orgId);
    return {
      contact_id: contact.id,
      score: contact.score,
      scored_at: contact.scoredAt ? new Date(contact.scoredAt).toISOString() : null,
      model: {
        kind: (model?.kind ?? 'rules') as 'logistic' | 'rules',
        version: model?.version ?? null,
      },
      explain: (contact.scoreFactors ?? []).map((factor) => ({
        feature: factor.name,
        contribution: factor.weight,
        detail: factor.detail ?? null,
      })),
    };
  }

  app.get(
    '/contacts/:id/score',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: "A contact's purchase-intent score and the factors behind it",
        params: idParams,
        response: { 200: scoreSchema },
      },
    },
    async (request) => scoreResource(tenantOf(request), request.params.id),
  );

  app.post(
    '/contacts/:id/score',
    {
      preHandler: requirePermission('crm:write'),
      schema: {
        tags: ['crm'],
        summary: 'Rescore a contact now',
        params: idParams,
        response: { 200: scoreSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const contact = await findContact(runtime.db, orgId, request.params.id);
      if (!contact || contact.erasedAt) throw AppError.notFound('Contact', request.params.id);
      await scoreContacts(runtime, orgId, [contact.id]);
      return scoreResource(orgId, contact.id);
    },
  );

  app.post(
    '/scoring/models',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.scoring_model_fitted' },
      schema: {
        tags: ['crm'],
        summary: `Fit the intent model on won/lost history (rules below ${minimumLabelled} examples) and rescore`,
        response: { 201: modelSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const row = await fitScoringModel(runtime, orgId, authOf(request).principalId);
      await scoreContacts(runtime, orgId);
      request.auditContext = { target: row.id };
      return reply.status(201).send(modelResource(row));
    },
  );

  app.get(
    '/scoring/models',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Model versions, newest first (the active one scores)',
        response: { 200: listOf(modelSchema) },
      },
    },
    async (request) => {
      const rows = await listModels(runtime.db, tenantOf(request), 50);
      return {
        object: 'list' as const,
        data: rows.map(modelResource),
        has_more: false,
        next_cursor: null,
      };
    },
  );
};

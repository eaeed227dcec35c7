import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { isUniqueViolation } from '../../../platform/db/unique-violation.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { languageOf, languages, type Language } from '../../../platform/i18n/locale.js';
import { languageSchema } from '../../../platform/i18n/locale-schemas.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { channels } from '../../ads/index.js';
import { organizationPreferences } from '../../identity/index.js';
import { submitCampaignRequest } from '../application/submit-campaign-request.js';
import { replyToSubmission, submitContextOf } from './campaign-request-submission.js';
import { objectives } from '../domain/campaign-request.js';
import {
  deleteStrategy,
  findStrategy,
  insertStrategy,
  listStrategies,
  updateStrategy,
  type StrategyRow,
} from '../infrastructure/strategies.repository.js';
import { strategyNameIndex } from '../infrastructure/portal.tables.js';
import { actorOf } from './campaign-requests.routes.js';
import {
  audienceSchema,
  budgetSchema,
  campaignRequestBody,
  campaignRequestSchema,
  day,
  fromStrategyBody,
} from '../application/campaign-request-contract.js';

const idParams = z.object({ id: z.uuid() });

/* Strategies are a snake_case resource like the rest of the API; their audiences keep the
 * campaign request's shape (ageMin/ageMax) because they are copied into requests as they are. */
const strategyFields = {
  name: z.string().trim().min(1).max(200),
  client_company: z.string().trim().min(1).max(200),
  products: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
  messages: z.array(z.string().trim().min(1).max(500)).min(1).max(10),
  audiences: z.array(audienceSchema).min(1).max(10),
  intent: z.enum(objectives),
  countries: z
    .array(
      z
        .string()
        .length(2)
        .regex(/^[A-Za-z]{2}$/)
        .transform((c) => c.toUpperCase()),
    )
    .max(50),
  channels: z.array(z.enum(channels)).min(1).max(10),
  budget: budgetSchema.nullable(),
  starts_at: day.nullable(),
  ends_at: day.nullable(),
  language: languageSchema,
};
const strategyBody = z.object({
  ...strategyFields,
  countries: strategyFields.countries.default([]),
  budget: strategyFields.budget.default(null),
  starts_at: strategyFields.starts_at.default(null),
  ends_at: strategyFields.ends_at.default(null),
  language: strategyFields.language.optional(),
});
// No defaults here: a field left out of a PATCH keeps its value.
const strategyPatch = z.object(strategyFields).partial();

const strategySchema = z.object({
  id: z.string(),
  object: z.literal('strategy'),
  name: z.string(),
  client_company: z.string(),
  products: z.array(z.string()),
  messages: z.array(z.string()),
  audiences: z.array(
    z.object({
      name: z.string(),
      countries: z.array(z.string()),
      ageMin: z.number(),
      ageMax: z.number(),
      interests: z.array(z.string()),
    }),
  ),
  intent: z.enum(objectives),
  countries: z.array(z.string()),
  channels: z.array(z.string()),
  budget: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  starts_at: z.string().nullable(),
  ends_at: z.string().nullable(),
  language: z.enum(languages).describe('Language of the copy of campaigns made from it'),
  created_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const toStrategy = (row: StrategyRow): z.infer<typeof strategySchema> => ({
  id: row.id,
  object: 'strategy',
  name: row.name,
  client_company: row.clientCompany,
  products: row.products,
  messages: row.messages,
  audiences: row.audiences,
  intent: row.objective as (typeof objectives)[number],
  countries: row.countries,
  channels: row.channels,
  budget:
    row.budgetMinor !== null && row.currency !== null
      ? { amount: row.budgetMinor, currency: row.currency }
      : null,
  starts_at: row.startsAt,
  ends_at: row.endsAt,
  language: row.language as Language,
  created_by: row.createdBy,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

function columns(body: Partial<z.infer<typeof strategyBody>>) {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.client_company !== undefined ? { clientCompany: body.client_company } : {}),
    ...(body.products !== undefined ? { products: body.products } : {}),
    ...(body.messages !== undefined ? { messages: body.messages } : {}),
    ...(body.audiences !== undefined ? { audiences: body.audiences } : {}),
    ...(body.intent !== undefined ? { objective: body.intent } : {}),
    ...(body.countries !== undefined ? { countries: body.countries } : {}),
    ...(body.channels !== undefined ? { channels: body.channels } : {}),
    ...(body.budget !== undefined
      ? { budgetMinor: body.budget?.amount ?? null, currency: body.budget?.currency ?? null }
      : {}),
    ...(body.starts_at !== undefined ? { startsAt: body.starts_at } : {}),
    ...(body.ends_at !== undefined ? { endsAt: body.ends_at } : {}),
    ...(body.language !== undefined ? { language: body.language } : {}),
  };
}

/** Writes a strategy; a name another strategy of the organisation has (any case) is a 409. */
async function withUniqueName<T>(name: string | undefined, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (!isUniqueViolation(error, strategyNameIndex)) throw error;
    throw new AppError(
      'strategy_name_taken',
      `Your organisation already has a strategy named "${name}"; choose another name`,
      { fields: [{ field: 'body.name', message: 'is already the name of another strategy' }] },
    );
  }
}

/** Marketing strategies: CRUD, and a campaign request made from one. */
export const strategyRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'campaign_requests');
  const load = async (orgId: string, id: string) => {
    const row = await findStrategy(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Strategy', id);
    return row;
  };

  app.post(
    '/strategies',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { idempotent: true, audit: 'strategy.created' },
      schema: {
        tags: ['portal'],
        summary: 'Create a marketing strategy',
        description:
          'Names are unique per organisation regardless of case: a taken name is a 409 `strategy_name_taken`.',
        body: strategyBody,
        response: { 201: strategySchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const row = await withUniqueName(
        body.name,
        insertStrategy(runtime.db, {
          orgId: actor.orgId,
          id: uuidv7(),
          name: body.name,
          clientCompany: body.client_company,
          products: body.products,
          messages: body.messages,
          audiences: body.audiences,
          objective: body.intent,
          countries: body.countries,
          channels: body.channels,
          budgetMinor: body.budget?.amount ?? null,
          currency: body.budget?.currency ?? null,
          startsAt: body.starts_at,
          endsAt: body.ends_at,
          language:
            body.language ??
            languageOf((await organizationPreferences(runtime, actor.orgId)).locale),
          createdBy: actor.principalId,
        }),
      );
      request.auditContext = { target: row.id };
      return reply.status(201).send(toStrategy(row));
    },
  );

  app.get(
    '/strategies',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'Strategies of the organisation, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(strategySchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listStrategies(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: toStrategy,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/strategies/:id',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'One strategy',
        params: idParams,
        response: { 200: strategySchema },
      },
    },
    async (request) => toStrategy(await load(tenantOf(request), request.params.id)),
  );

  app.patch(
    '/strategies/:id',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { audit: 'strategy.updated' },
      schema: {
        tags: ['portal'],
        summary: 'Change a strategy (requests already made from it keep their copy)',
        params: idParams,
        body: strategyPatch,
        response: { 200: strategySchema },
      },
    },
    async (request) => {
      request.auditContext = { target: request.params.id };
      const row = await withUniqueName(
        request.body.name,
        updateStrategy(runtime.db, tenantOf(request), request.params.id, columns(request.body)),
      );
      if (!row) throw AppError.notFound('Strategy', request.params.id);
      return toStrategy(row);
    },
  );

  app.delete(
    '/strategies/:id',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { audit: 'strategy.deleted' },
      schema: {
        tags: ['portal'],
        summary: 'Delete a strategy (its campaign requests stay)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      request.auditContext = { target: request.params.id };
      if (!(await deleteStrategy(runtime.db, tenantOf(request), request.params.id)))
        throw AppError.notFound('Strategy', request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/strategies/:id/campaign-requests',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { idempotent: 'in-transaction', audit: 'campaign_request.created' },
      schema: {
        tags: ['portal'],
        summary: 'Submit a campaign request from a strategy (its fields, with these overrides)',
        params: idParams,
        body: fromStrategyBody,
        response: { 202: campaignRequestSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const strategy = await load(actor.orgId, request.params.id);
      const body = request.body;
      const merged = campaignRequestBody.safeParse({
        name: body.name,
        objective: strategy.objective,
        product: body.product ?? strategy.products[0],
        messages: strategy.messages,
        audiences: strategy.audiences,
        channels: strategy.channels,
        budget:
          body.budget ??
          (strategy.budgetMinor !== null
            ? { amount: strategy.budgetMinor, currency: strategy.currency }
            : undefined),
        startsAt: body.startsAt ?? strategy.startsAt ?? undefined,
        endsAt: body.endsAt ?? strategy.endsAt ?? undefined,
        language: body.language ?? strategy.language,
      });
      if (!merged.success)
        throw AppError.validation(
          'The strategy and the overrides together do not make a valid campaign request',
          merged.error.issues.map((issue) => ({
            field: issue.path.join('.'),
            message: issue.message,
          })),
        );
      const outcome = await submitCampaignRequest(
        runtime,
        await submitContextOf(runtime, request),
        {
          ...merged.data,
          strategyId: strategy.id,
        },
      );
      return replyToSubmission(runtime, request, reply, outcome);
    },
  );
};

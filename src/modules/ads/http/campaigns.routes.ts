import { planFeature } from '../../billing/index.js';
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
import { changeCampaign, createCampaign, removeCampaign } from '../application/campaign-drafts.js';
import { moveCampaign } from '../application/campaign-workflow.js';
import {
  campaignStates,
  publishingActions,
  type CampaignAction,
} from '../domain/campaign-state.js';
import {
  findCampaign,
  campaignSortFields,
  campaignSortValue,
  listCampaigns,
  type CampaignSortField,
} from '../infrastructure/campaigns.repository.js';
import {
  campaignFields,
  campaignResource,
  campaignSchema,
  datesInOrder,
  idParams,
} from './ads-schemas.js';

const exposedActions: CampaignAction[] = [
  'submit',
  'approve',
  'reject',
  'pause',
  'resume',
  'finish',
];

export const campaignRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'ad_campaigns');
  const load = async (orgId: string, id: string) => {
    const row = await findCampaign(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Campaign', id);
    return row;
  };

  app.post(
    '/campaigns',
    {
      preHandler: requirePermission('ads:write'),
      config: { idempotent: true },
      schema: {
        tags: ['ads'],
        summary: 'Create a draft campaign',
        body: campaignFields.superRefine(datesInOrder),
        response: { 201: campaignSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const row = await createCampaign(
        runtime,
        tenantOf(request),
        {
          brand: body.brand,
          name: body.name,
          objective: body.objective,
          countries: body.countries,
          cities: body.cities,
          budgetMinor: body.budget.amount_minor,
          currency: body.budget.currency,
          startDate: body.start_date,
          endDate: body.end_date,
        },
        authOf(request).principalId,
      );
      return reply.status(201).send(campaignResource(row));
    },
  );

  app.get(
    '/campaigns',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'Campaigns, newest first unless sorted; filter by status and brand',
        querystring: paginationQuery.extend({
          status: z.enum(campaignStates).optional(),
          brand: z.string().min(1).max(120).optional(),
          sort: z
            .enum(sortValues(campaignSortFields))
            .default('-created')
            .describe(sortDescription),
        }),
        response: { 200: listOf(campaignSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status, brand } = request.query;
      const sort = parseSort<CampaignSortField>(request.query.sort);
      return listPage(
        { limit, cursor },
        {
          cursor: (given) => sortPositionOf(given, sort),
          rows: (page) =>
            listCampaigns(runtime.db, tenantOf(request), { sort, ...page, status, brand }),
          item: campaignResource,
          position: (row) => sortCursor(sort, campaignSortValue(row, sort.field), row.id),
        },
      );
    },
  );

  app.get(
    '/campaigns/:id',
    {
      preHandler: requirePermission('ads:read'),
      schema: {
        tags: ['ads'],
        summary: 'One campaign',
        params: idParams,
        response: { 200: campaignSchema },
      },
    },
    async (request) => campaignResource(await load(tenantOf(request), request.params.id)),
  );

  app.patch(
    '/campaigns/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Change a campaign before approval (only the fields sent)',
        params: idParams,
        body: campaignFields.partial().superRefine(datesInOrder),
        response: { 200: campaignSchema },
      },
    },
    async (request) => {
      const body = request.body;
      const row = await changeCampaign(runtime, tenantOf(request), request.params.id, {
        brand: body.brand,
        name: body.name,
        objective: body.objective,
        countries: body.countries,
        cities: body.cities,
        budgetMinor: body.budget?.amount_minor,
        currency: body.budget?.currency,
        startDate: body.start_date,
        endDate: body.end_date,
      });
      return campaignResource(row);
    },
  );

  app.delete(
    '/campaigns/:id',
    {
      preHandler: requirePermission('ads:write'),
      schema: {
        tags: ['ads'],
        summary: 'Delete a draft campaign with its ad sets and ads',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeCampaign(runtime, tenantOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  for (const action of exposedActions) {
    const permission = publishingActions.has(action) ? 'ads:publish' : 'ads:write';
    app.post(
      `/campaigns/:id/${action}`,
      {
        preHandler: requirePermission(permission),
        schema: {
          tags: ['ads'],
          summary: `Campaign: ${action} (needs ${permission}; 409 when the state does not allow it)`,
          params: idParams,
          response: { 200: campaignSchema },
        },
      },
      async (request) =>
        campaignResource(
          await moveCampaign(
            runtime,
            tenantOf(request),
            request.params.id,
            action,
            authOf(request).principalId,
          ),
        ),
    );
  }
};

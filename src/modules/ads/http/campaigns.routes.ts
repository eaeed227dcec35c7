import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, paginationQuery, toPage } from '../../../platform/http/pagination.js';
import {
  parseSort,
  sortCursor,
  sortDescription,
  sortPositionOf,
  sortValues,
} from '../../../platform/http/sorting.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { moveCampaign } from '../application/campaign-workflow.js';
import {
  campaignStates,
  isEditable,
  publishingActions,
  type CampaignAction,
  type CampaignState,
} from '../domain/campaign-state.js';
import {
  deleteCampaign,
  findCampaign,
  insertCampaign,
  campaignSortFields,
  campaignSortValue,
  listCampaigns,
  type CampaignSortField,
  updateCampaign,
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
      const row = await insertCampaign(runtime.db, tenantOf(request), {
        id: uuidv7(),
        brand: body.brand,
        name: body.name,
        objective: body.objective,
        countries: body.countries,
        cities: body.cities,
        budgetMinor: body.budget.amount_minor,
        currency: body.budget.currency,
        startDate: body.start_date,
        endDate: body.end_date,
        status: 'draft',
        approvedBy: null,
        approvedAt: null,
        createdBy: authOf(request).principalId,
      });
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
      const rows = await listCampaigns(runtime.db, tenantOf(request), {
        sort,
        after: sortPositionOf(cursor, sort),
        limit: limit + 1,
        status,
        brand,
      });
      return toPage(rows, limit, campaignResource, (row) =>
        sortCursor(sort, campaignSortValue(row, sort.field), row.id),
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
      const orgId = tenantOf(request);
      const current = await load(orgId, request.params.id);
      if (!isEditable(current.status as CampaignState))
        throw new AppError('conflict', `A ${current.status} campaign can no longer be edited`);
      const body = request.body;
      const start = body.start_date ?? current.startDate;
      const end = body.end_date ?? current.endDate;
      if (end < start)
        throw AppError.validation('The dates are out of order', [
          { field: 'end_date', message: 'must not be before start_date' },
        ]);
      const row = await updateCampaign(
        runtime.db,
        orgId,
        current.id,
        {
          brand: body.brand,
          name: body.name,
          objective: body.objective,
          countries: body.countries,
          cities: body.cities,
          budgetMinor: body.budget?.amount_minor,
          currency: body.budget?.currency,
          startDate: body.start_date,
          endDate: body.end_date,
        },
        current.status,
      );
      if (!row) throw new AppError('conflict', 'The campaign changed meanwhile; read it again');
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
      const orgId = tenantOf(request);
      const current = await load(orgId, request.params.id);
      if (current.status !== 'draft')
        throw new AppError('conflict', 'Only a draft campaign can be deleted; finish it instead');
      await runtime.db.transaction((tx) => deleteCampaign(tx, orgId, current.id));
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

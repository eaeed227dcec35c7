import { planFeature } from '../../billing/index.js';
import { Readable } from 'node:stream';
import { attributionReferences } from './reference-fields.js';
import { assertReferences } from '../../../platform/references.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
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
import { principalNames } from '../../identity/index.js';
import { createDeal, moveDealToStage } from '../application/deals.js';
import { exportDeals } from '../application/export-deals.js';
import {
  dealCsvHeader,
  dealCsvLine,
  dealExportColumns,
  type ExportedDeal,
} from '../domain/deal-export.js';
import { productsTotal } from '../domain/deal-state.js';
import {
  dealSortFields,
  dealSortValue,
  findDeal,
  listDeals,
  type DealFilter,
  type DealSortField,
  salesSummary,
  updateDeal,
  type DealRow,
} from '../infrastructure/deals.repository.js';
import { currencyCode, idParams } from './crm-schemas.js';

const productLine = z.object({
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(1_000_000),
  unit_price_minor: z.number().int().min(0).max(1e12),
});

const expectedCloseOn = z.iso
  .date()
  .nullable()
  .optional()
  .describe('When the deal is expected to close (YYYY-MM-DD); null clears it');

const dealSchema = z.object({
  id: z.string(),
  object: z.literal('deal'),
  title: z.string(),
  pipeline_id: z.string(),
  stage_id: z.string(),
  status: z.enum(['open', 'won', 'lost']),
  contact_id: z.string().nullable(),
  company_id: z.string().nullable(),
  amount: z.object({ amount_minor: z.number(), currency: z.string() }),
  products: z.array(productLine),
  expected_close_on: z.string().nullable(),
  lost_reason: z.string().nullable(),
  won_at: z.string().nullable(),
  lost_at: z.string().nullable(),
  campaign_id: z.string().nullable(),
  ad_id: z.string().nullable(),
  owner_user_id: z.string().nullable(),
  owner_name: z.string().nullable().describe("The owner's name"),
  created_at: z.string(),
  updated_at: z.string(),
});

/** The names of the deals' owners, by `user:<id>`. */
function ownerNames(runtime: Runtime, orgId: string, rows: readonly DealRow[]) {
  return principalNames(
    runtime,
    orgId,
    rows.map((row) => (row.ownerUserId ? `user:${row.ownerUserId}` : null)),
  );
}

async function dealResourceOf(runtime: Runtime, row: DealRow) {
  return dealResource(row, await ownerNames(runtime, row.orgId, [row]));
}

function dealResource(
  row: DealRow,
  owners: ReadonlyMap<string, string>,
): z.infer<typeof dealSchema> {
  return {
    id: row.id,
    object: 'deal',
    title: row.title,
    pipeline_id: row.pipelineId,
    stage_id: row.stageId,
    status: row.status as 'open',
    contact_id: row.contactId,
    company_id: row.companyId,
    amount: { amount_minor: row.amountMinor, currency: row.currency },
    products: row.products.map((line) => ({
      name: line.name,
      quantity: line.quantity,
      unit_price_minor: line.unitPriceMinor,
    })),
    expected_close_on: row.expectedCloseOn,
    lost_reason: row.lostReason,
    won_at: row.wonAt,
    lost_at: row.lostAt,
    campaign_id: row.campaignId,
    ad_id: row.adId,
    owner_user_id: row.ownerUserId,
    owner_name: (row.ownerUserId && owners.get(`user:${row.ownerUserId}`)) ?? null,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const productsOf = (lines: z.infer<typeof productLine>[]) =>
  lines.map((line) => ({
    name: line.name,
    quantity: line.quantity,
    unitPriceMinor: line.unit_price_minor,
  }));

/** Filters and order of the deal list; the CSV export takes the same. */
const dealListQuery = z.object({
  pipeline_id: z.uuid().optional(),
  stage_id: z.uuid().optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  contact_id: z.uuid().optional(),
  company_id: z.uuid().optional(),
  campaign_id: z.uuid().optional(),
  sort: z.enum(sortValues(dealSortFields)).default('-created').describe(sortDescription),
});

const dealQuery = paginationQuery.extend(dealListQuery.shape);

const dealFilterOf = (q: z.infer<typeof dealListQuery>): DealFilter => ({
  pipelineId: q.pipeline_id,
  stageId: q.stage_id,
  status: q.status,
  contactId: q.contact_id,
  companyId: q.company_id,
  campaignId: q.campaign_id,
});

async function* dealCsvOf(batches: AsyncGenerator<ExportedDeal[]>) {
  yield dealCsvHeader();
  for await (const batch of batches) yield batch.map(dealCsvLine).join('');
}

/** Deals through pipelines to won sales (orders with amount, currency and products) or lost. */
export const dealRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  planFeature(app, 'crm');
  app.post(
    '/deals',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.deal_created' },
      schema: {
        tags: ['crm'],
        summary: 'Open a deal (default pipeline and first stage unless named)',
        body: z.object({
          title: z.string().trim().min(1).max(200),
          contact_id: z.uuid().nullable().optional(),
          company_id: z.uuid().nullable().optional(),
          pipeline_id: z.uuid().optional(),
          stage_id: z.uuid().optional(),
          amount_minor: z
            .number()
            .int()
            .min(0)
            .max(1e13)
            .optional()
            .describe('Minor units; defaults to the products’ total'),
          currency: currencyCode,
          products: z.array(productLine).max(200).default([]),
          owner_user_id: z.uuid().nullable().optional(),
          expected_close_on: expectedCloseOn,
        }),
        response: { 201: dealSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(body));
      const deal = await createDeal(runtime, orgId, {
        title: body.title,
        contactId: body.contact_id,
        companyId: body.company_id,
        pipelineId: body.pipeline_id,
        stageId: body.stage_id,
        amountMinor: body.amount_minor,
        currency: body.currency,
        products: productsOf(body.products),
        ownerUserId: body.owner_user_id,
        expectedCloseOn: body.expected_close_on,
      });
      request.auditContext = { target: deal.id };
      return reply.status(201).send(await dealResourceOf(runtime, deal));
    },
  );

  app.get(
    '/deals',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Deals, newest first unless sorted, with filters',
        querystring: dealQuery,
        response: { 200: listOf(dealSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const sort = parseSort<DealSortField>(q.sort);
      const orgId = tenantOf(request);
      return listPage(q, {
        cursor: (cursor) => sortPositionOf(cursor, sort),
        rows: async (page) => {
          const rows = await listDeals(runtime.db, orgId, dealFilterOf(q), { sort, ...page });
          const owners = await ownerNames(runtime, orgId, rows);
          return rows.map((row) => ({ row, owners }));
        },
        item: ({ row, owners }) => dealResource(row, owners),
        position: ({ row }) => sortCursor(sort, dealSortValue(row, sort.field), row.id),
      });
    },
  );

  app.get(
    '/deals/export',
    {
      // Every deal with its amount leaves in one file: people who change deals only.
      preHandler: requirePermission('crm:write'),
      config: { readsOnly: true, audit: 'crm.deals_exported' },
      schema: {
        tags: ['crm'],
        summary: 'Export deals as CSV with the list’s filters and sort (streamed)',
        description: `Columns: ${dealExportColumns.join(', ')}. Amounts are in minor units of their currency.`,
        querystring: dealListQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const batches = exportDeals(
        runtime,
        tenantOf(request),
        dealFilterOf(q),
        parseSort<DealSortField>(q.sort),
      );
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-disposition', `attachment; filename="deals-${day}.csv"`)
        .header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(Readable.from(dealCsvOf(batches)));
    },
  );

  app.get(
    '/deals/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One deal',
        params: idParams,
        response: { 200: dealSchema },
      },
    },
    async (request) => {
      const row = await findDeal(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Deal', request.params.id);
      return dealResourceOf(runtime, row);
    },
  );

  app.patch(
    '/deals/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.deal_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Change an open deal’s title, amount, products, owner or expected close date',
        params: idParams,
        body: z.object({
          title: z.string().trim().min(1).max(200).optional(),
          amount_minor: z.number().int().min(0).max(1e13).optional(),
          products: z.array(productLine).max(200).optional(),
          owner_user_id: z.uuid().nullable().optional(),
          expected_close_on: expectedCloseOn,
        }),
        response: { 200: dealSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const body = request.body;
      const current = await findDeal(runtime.db, orgId, request.params.id);
      if (!current) throw AppError.notFound('Deal', request.params.id);
      if (current.status !== 'open')
        throw new AppError('conflict', 'A closed deal keeps its amount and products');
      await assertReferences(runtime, orgId, attributionReferences(body));
      const products = body.products ? productsOf(body.products) : undefined;
      const row = await updateDeal(runtime.db, orgId, current.id, {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(products ? { products } : {}),
        ...(body.amount_minor !== undefined
          ? { amountMinor: body.amount_minor }
          : products
            ? { amountMinor: productsTotal(products) }
            : {}),
        ...(body.owner_user_id !== undefined ? { ownerUserId: body.owner_user_id } : {}),
        ...(body.expected_close_on !== undefined
          ? { expectedCloseOn: body.expected_close_on }
          : {}),
      });
      return dealResourceOf(runtime, row!);
    },
  );

  app.post(
    '/deals/:id/move',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.deal_moved' },
      schema: {
        tags: ['crm'],
        summary: 'Move a deal to a stage of its pipeline (a won/lost stage closes it)',
        params: idParams,
        body: z.object({
          stage_id: z.uuid(),
          reason: z
            .string()
            .trim()
            .min(1)
            .max(500)
            .optional()
            .describe('Required for a lost stage'),
        }),
        response: { 200: dealSchema },
      },
    },
    async (request) => {
      const row = await moveDealToStage(
        runtime,
        tenantOf(request),
        request.params.id,
        { stageId: request.body.stage_id },
        request.body.reason,
      );
      return dealResourceOf(runtime, row);
    },
  );

  app.post(
    '/deals/:id/win',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.deal_won' },
      schema: {
        tags: ['crm'],
        summary: 'Win a deal: it becomes a sale and its contact a customer',
        params: idParams,
        response: { 200: dealSchema },
      },
    },
    async (request) =>
      dealResourceOf(
        runtime,
        await moveDealToStage(runtime, tenantOf(request), request.params.id, { kind: 'won' }),
      ),
  );

  app.post(
    '/deals/:id/lose',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.deal_lost' },
      schema: {
        tags: ['crm'],
        summary: 'Lose a deal, with the reason',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: dealSchema },
      },
    },
    async (request) =>
      dealResourceOf(
        runtime,
        await moveDealToStage(
          runtime,
          tenantOf(request),
          request.params.id,
          { kind: 'lost' },
          request.body.reason,
        ),
      ),
  );

  app.get(
    '/sales',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Sales achieved (won deals) by campaign, month or in total, per currency',
        querystring: z.object({
          from: z.iso.date().describe('First day, inclusive (UTC)'),
          to: z.iso.date().describe('Last day, inclusive (UTC)'),
          campaign_id: z.uuid().optional(),
          group_by: z.enum(['campaign', 'month', 'none']).default('none'),
        }),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            group_by: z.string(),
            data: z.array(
              z.object({
                key: z.string().nullable(),
                currency: z.string(),
                orders: z.number(),
                amount_minor: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.to < q.from)
        throw AppError.validation('The period ends before it starts', [
          { field: 'query.to', message: 'must not be before from' },
        ]);
      const rows = await salesSummary(runtime.db, tenantOf(request), {
        from: `${q.from}T00:00:00Z`,
        to: new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString(),
        campaignId: q.campaign_id,
        groupBy: q.group_by,
      });
      return {
        from: q.from,
        to: q.to,
        group_by: q.group_by,
        data: rows.map((row) => ({
          key: row.key,
          currency: row.currency,
          orders: row.orders,
          amount_minor: row.amountMinor,
        })),
      };
    },
  );
};

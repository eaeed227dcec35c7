import { planFeature } from '../../billing/index.js';
import { attributionReferences } from './reference-fields.js';
import { assertReferences } from '../../../platform/references.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { and, eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { nameKey } from '../domain/contact-identity.js';
import {
  findCompany,
  insertCompany,
  listCompanies,
  updateCompany,
  type CompanyRow,
} from '../infrastructure/companies.repository.js';
import { companies, contacts } from '../infrastructure/crm.tables.js';
import {
  companyFields,
  companyResource,
  companySchema,
  idParams,
  moneyNeedsCurrency,
} from './crm-schemas.js';

type CompanyBody = Partial<z.infer<typeof companyFields>>;

function columnsOf(body: CompanyBody): Partial<Omit<CompanyRow, 'orgId' | 'id'>> {
  const columns: Partial<Omit<CompanyRow, 'orgId' | 'id'>> = {
    name: body.name,
    nameKey: body.name === undefined ? undefined : nameKey(body.name),
    domain: body.domain,
    industry: body.industry,
    country: body.country,
    city: body.city,
    products: body.products?.map((product) => ({
      name: product.name,
      ...(product.price_minor !== undefined ? { priceMinor: product.price_minor } : {}),
      ...(product.currency !== undefined ? { currency: product.currency } : {}),
    })),
    salesGoalMinor: body.sales_goal_minor,
    budgetMinor: body.budget_minor,
    currency: body.currency,
    ownerUserId: body.owner_user_id,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

const companyQuery = paginationQuery.extend({
  name: z.string().trim().min(1).max(200).optional().describe('Name prefix'),
  industry: z.string().trim().min(1).max(120).optional(),
});

/** Client companies: products, sales goal, budget; their contacts list by `company_id`. */
export const companyRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.post(
    '/companies',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.company_created' },
      schema: {
        tags: ['crm'],
        summary: 'Create a client company',
        body: companyFields.superRefine(moneyNeedsCurrency),
        response: { 201: companySchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(request.body));
      const columns = columnsOf(request.body);
      const row = await insertCompany(runtime.db, orgId, uuidv7(), {
        name: request.body.name,
        nameKey: nameKey(request.body.name),
        domain: null,
        industry: null,
        country: null,
        city: null,
        products: [],
        salesGoalMinor: null,
        budgetMinor: null,
        currency: null,
        ownerUserId: null,
        ...columns,
      });
      request.auditContext = { target: row.id };
      return reply.status(201).send(companyResource(row));
    },
  );

  app.get(
    '/companies',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Companies, newest first',
        querystring: companyQuery,
        response: { 200: listOf(companySchema) },
      },
    },
    async (request) => {
      const { limit, cursor, name, industry } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listCompanies(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              namePrefix: name ? nameKey(name) : undefined,
              industry,
              limit: page.limit,
            }),
          item: companyResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/companies/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One company',
        params: idParams,
        response: { 200: companySchema },
      },
    },
    async (request) => {
      const row = await findCompany(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Company', request.params.id);
      return companyResource(row);
    },
  );

  app.patch(
    '/companies/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.company_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Change a company',
        params: idParams,
        body: companyFields.partial().superRefine(moneyNeedsCurrency),
        response: { 200: companySchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(request.body));
      const row = await updateCompany(
        runtime.db,
        orgId,
        request.params.id,
        columnsOf(request.body),
      );
      if (!row) throw AppError.notFound('Company', request.params.id);
      return companyResource(row);
    },
  );

  app.delete(
    '/companies/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.company_deleted' },
      schema: {
        tags: ['crm'],
        summary: 'Delete a company (its contacts stay, without a company)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const id = request.params.id;
      const deleted = await runtime.db.transaction(async (tx) => {
        await tx
          .update(contacts)
          .set({ companyId: null })
          .where(and(eq(contacts.orgId, orgId), eq(contacts.companyId, id)));
        const rows = await tx
          .delete(companies)
          .where(and(eq(companies.orgId, orgId), eq(companies.id, id)))
          .returning({ id: companies.id });
        return rows.length > 0;
      });
      if (!deleted) throw AppError.notFound('Company', id);
      return reply.status(204).send(null);
    },
  );
};

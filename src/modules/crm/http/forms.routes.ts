import { planFeature } from '../../billing/index.js';
import { attributionReferences } from './reference-fields.js';
import { assertReferences } from '../../../platform/references.js';
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  deleteForm,
  findForm,
  insertForm,
  listForms,
  type FormRow,
} from '../infrastructure/forms.repository.js';
import { idParams, utmSchema } from './crm-schemas.js';

const formFields = z.object({
  name: z.string().trim().min(1).max(200),
  tags: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(60)
        .transform((tag) => tag.toLowerCase()),
    )
    .max(20)
    .default([]),
  default_utm: utmSchema.default({}),
  campaign_id: z.uuid().nullable().default(null),
});

const formSchema = z.object({
  id: z.string(),
  object: z.literal('form'),
  name: z.string(),
  public_key: z.string(),
  submit_path: z.string().describe('POST here (JSON or urlencoded) from the web page'),
  tags: z.array(z.string()),
  default_utm: z.record(z.string(), z.string()),
  campaign_id: z.string().nullable(),
  created_at: z.string(),
});

function formResource(row: FormRow): z.infer<typeof formSchema> {
  return {
    id: row.id,
    object: 'form',
    name: row.name,
    public_key: row.publicKey,
    submit_path: `/f/${row.publicKey}`,
    tags: row.tags,
    default_utm: row.defaultUtm,
    campaign_id: row.campaignId,
    created_at: row.createdAt,
  };
}

/** Web forms: each has a public key that anyone may post a lead to (`POST /f/{formKey}`). */
export const formRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  planFeature(app, 'crm');
  app.post(
    '/forms',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.form_created' },
      schema: {
        tags: ['crm'],
        summary: 'Create a web form (lead capture endpoint with a public key)',
        body: formFields,
        response: { 201: formSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(body));
      const row = await insertForm(runtime.db, {
        orgId,
        id: uuidv7(),
        name: body.name,
        publicKey: `fk_${randomBytes(16).toString('base64url')}`,
        tags: body.tags,
        defaultUtm: body.default_utm as Record<string, string>,
        campaignId: body.campaign_id,
      });
      request.auditContext = { target: row.id };
      return reply.status(201).send(formResource(row));
    },
  );

  app.get(
    '/forms',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Web forms, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(formSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listForms(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: formResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/forms/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One web form',
        params: idParams,
        response: { 200: formSchema },
      },
    },
    async (request) => {
      const row = await findForm(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Form', request.params.id);
      return formResource(row);
    },
  );

  app.delete(
    '/forms/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.form_deleted' },
      schema: {
        tags: ['crm'],
        summary: 'Delete a web form (its public key stops accepting leads)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await deleteForm(runtime.db, tenantOf(request), request.params.id);
      if (!deleted) throw AppError.notFound('Form', request.params.id);
      return reply.status(204).send(null);
    },
  );
};

import { assertWithinQuota, planFeature } from '../../billing/index.js';
import { attributionReferences } from './reference-fields.js';
import { assertReferences } from '../../../platform/references.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { sortCursor, sortPositionOf } from '../../../platform/http/sorting.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { captureLead, updateContact } from '../application/capture-lead.js';
import { viewOf } from '../application/contact-fields.js';
import { crmServicesFor } from '../application/crm-services.js';
import {
  contactSortValue,
  findContact,
  listContacts,
} from '../infrastructure/contacts.repository.js';
import { contactFilterOf, contactListQuery, contactSortOf } from './contact-list-query.js';
import {
  contactFields,
  contactInputOf,
  contactResource,
  contactSchema,
  identifiable,
  idParams,
} from './crm-schemas.js';

const contactQuery = paginationQuery.extend(contactListQuery.shape);

/** Contacts and leads: create, capture (upsert by email/phone), read, list, change. */
export const contactRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  const crypto = crmServicesFor(runtime).crypto;
  const resource = (row: Parameters<typeof viewOf>[0]) => contactResource(viewOf(row, crypto));

  app.post(
    '/contacts',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.contact_created' },
      schema: {
        tags: ['crm'],
        summary: 'Create a contact (always a new record; duplicates are suggested for merging)',
        body: contactFields.superRefine(identifiable),
        response: { 201: contactSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(request.body));
      await assertWithinQuota(runtime, orgId, 'crm_contacts');
      const { contact } = await runtime.db.transaction((tx) =>
        captureLead(runtime, tx, orgId, contactInputOf(request.body), {
          source: request.body.source ?? 'manual',
          upsert: false,
        }),
      );
      request.auditContext = { target: contact.id };
      return reply.status(201).send(resource(contact));
    },
  );

  app.post(
    '/leads',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.lead_captured' },
      schema: {
        tags: ['crm'],
        summary:
          'Capture a lead through the API: classified on arrival, merged into the contact with the same email or phone (201 new, 200 matched)',
        body: contactFields.superRefine(identifiable),
        response: { 200: contactSchema, 201: contactSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(request.body));
      // Counted as a new contact: a lead that matches one merges, but the check comes first.
      await assertWithinQuota(runtime, orgId, 'crm_contacts');
      const { contact, created } = await runtime.db.transaction((tx) =>
        captureLead(runtime, tx, orgId, contactInputOf(request.body), {
          source: request.body.source ?? 'api',
          upsert: true,
        }),
      );
      request.auditContext = { target: contact.id };
      return reply.status(created ? 201 : 200).send(resource(contact));
    },
  );

  app.get(
    '/contacts',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Contacts, newest first unless sorted, with filters and name search',
        querystring: contactQuery,
        response: { 200: listOf(contactSchema) },
      },
    },
    async (request) => {
      const query = request.query;
      const sort = contactSortOf(query);
      return listPage(query, {
        cursor: (cursor) => sortPositionOf(cursor, sort),
        rows: (page) =>
          listContacts(runtime.db, tenantOf(request), contactFilterOf(query, crypto), {
            sort,
            ...page,
          }),
        item: resource,
        position: (row) => sortCursor(sort, contactSortValue(row, sort.field), row.id),
      });
    },
  );

  app.get(
    '/contacts/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One contact (a merged contact names its survivor in merged_into_id)',
        params: idParams,
        response: { 200: contactSchema },
      },
    },
    async (request) => {
      const row = await findContact(runtime.db, tenantOf(request), request.params.id);
      if (!row || row.erasedAt) throw AppError.notFound('Contact', request.params.id);
      return resource(row);
    },
  );

  app.patch(
    '/contacts/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.contact_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Change a contact (only the fields given; null clears one)',
        params: idParams,
        body: contactFields,
        response: { 200: contactSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      await assertReferences(runtime, orgId, attributionReferences(request.body));
      const row = await runtime.db.transaction((tx) =>
        updateContact(runtime, tx, orgId, request.params.id, contactInputOf(request.body)),
      );
      request.auditContext = { target: row.id };
      return resource(row);
    },
  );
};

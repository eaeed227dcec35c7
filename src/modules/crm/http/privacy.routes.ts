import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { erasePerson, exportPersonalData } from '../application/privacy.js';
import { listErasures, type ErasureRow } from '../infrastructure/erasures.repository.js';
import { idParams } from './crm-schemas.js';

type Row = Record<string, unknown>;
const rows = z.array(z.record(z.string(), z.unknown()));

/** The API speaks snake_case; export records keep their values, with their keys renamed. */
function snakeKeys(row: object): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
      value,
    ]),
  );
}

const exportSchema = z.object({
  exported_at: z.iso.datetime({ offset: true }),
  contact: z.record(z.string(), z.unknown()),
  merged_contacts: rows,
  consents: rows,
  interactions: rows,
  deals: rows,
  merges: rows,
  captured_conversions: rows,
  chatbot_replies: rows,
  automation_runs: rows,
  segment_ids: z.array(z.uuid()),
  ads: z.object({ conversions: rows }),
});

const erasureSchema = z.object({
  id: z.uuid(),
  contact_id: z.uuid(),
  requested_by: z.string().nullable(),
  erased_rows: z.number().int(),
  erased_at: z.iso.datetime({ offset: true }),
});

const erasureResource = (row: ErasureRow) => ({
  id: row.id,
  contact_id: row.contactId,
  requested_by: row.requestedBy,
  erased_rows: row.erasedRows,
  erased_at: new Date(row.erasedAt).toISOString(),
});

/** GDPR/CCPA: a person's data across modules (access), erasure, and the record of erasures. */
export const privacyRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/contacts/:id/personal-data',
    {
      preHandler: requirePermission('crm:privacy'),
      config: { audit: 'crm.personal_data_exported' },
      schema: {
        tags: ['crm'],
        summary:
          'Everything the platform holds about the person (CRM records, merged contacts, ads conversions), decrypted',
        params: idParams,
        response: { 200: exportSchema },
      },
    },
    async (request, reply) => {
      const data = await exportPersonalData(runtime, tenantOf(request), request.params.id);
      request.auditContext = { target: request.params.id };
      void reply.header(
        'content-disposition',
        `attachment; filename="personal-data-${request.params.id}.json"`,
      );
      return {
        exported_at: data.exportedAt,
        contact: snakeKeys(data.contact),
        merged_contacts: data.mergedContacts.map(snakeKeys),
        consents: data.consents.map(snakeKeys),
        interactions: data.interactions.map(snakeKeys),
        deals: data.deals.map(snakeKeys),
        merges: data.merges.map(snakeKeys),
        captured_conversions: data.capturedConversions.map(snakeKeys),
        chatbot_replies: data.chatbotReplies.map(snakeKeys),
        automation_runs: data.automationRuns.map(snakeKeys),
        segment_ids: data.segmentIds,
        ads: { conversions: data.ads.conversions.map(snakeKeys) },
      };
    },
  );

  app.post(
    '/contacts/:id/erasure',
    {
      preHandler: requirePermission('crm:privacy'),
      config: { idempotent: true, audit: 'crm.person_erased' },
      schema: {
        tags: ['crm'],
        summary:
          'Erase the person (GDPR/CCPA): personal data blanked here and, through crm.person-erased, in every module',
        params: idParams,
        response: { 201: erasureSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const contactId = request.params.id;
      const requestedBy = authOf(request).principalId;
      const erased = await erasePerson(runtime, orgId, contactId, requestedBy);
      // The audit entry names the contact id only: after erasure it identifies no one.
      request.auditContext = { target: contactId };
      return reply.status(201).send(
        erasureResource({
          orgId,
          id: erased.erasureId,
          contactId,
          requestedBy,
          erasedRows: erased.erasedRows,
          erasedAt: erased.erasedAt,
        }),
      );
    },
  );

  app.get(
    '/erasures',
    {
      preHandler: requirePermission('crm:privacy'),
      schema: {
        tags: ['crm'],
        summary: 'Erasures carried out, newest first (who asked, when, how many rows)',
        querystring: paginationQuery,
        response: { 200: listOf(erasureSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listErasures(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: erasureResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );
};

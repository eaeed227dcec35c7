import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { viewOf } from '../application/contact-fields.js';
import { crmServicesFor } from '../application/crm-services.js';
import { duplicateGroups, findDuplicates, mergeContacts } from '../application/duplicates.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { contactResource, contactSchema, idParams } from './crm-schemas.js';

const reasons = z.enum(['same_email', 'same_phone', 'similar_name_same_company']);

/** Duplicate detection with merge suggestions, and the merge that keeps history. */
export const duplicateRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  const crypto = crmServicesFor(runtime).crypto;

  app.get(
    '/contacts/:id/duplicates',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Merge suggestions: same email or phone, or a similar name at the same company',
        params: idParams,
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(
              z.object({
                contact: contactSchema,
                reasons: z.array(reasons),
                name_similarity: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const contact = await findContact(runtime.db, tenantOf(request), request.params.id);
      if (!contact || contact.erasedAt) throw AppError.notFound('Contact', request.params.id);
      const candidates = await findDuplicates(runtime.db, contact);
      return {
        object: 'list' as const,
        data: candidates.map((candidate) => ({
          contact: contactResource(viewOf(candidate.contact, crypto)),
          reasons: candidate.reasons,
          name_similarity: candidate.nameSimilarity,
        })),
      };
    },
  );

  app.get(
    '/contact-duplicates',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Groups of contacts sharing an email or a phone, to review and merge',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(z.object({ reason: reasons, contact_ids: z.array(z.string()) })),
          }),
        },
      },
    },
    async (request) => {
      const groups = await duplicateGroups(runtime.db, tenantOf(request), request.query.limit);
      return {
        object: 'list' as const,
        data: groups.map((group) => ({ reason: group.reason, contact_ids: group.contactIds })),
      };
    },
  );

  app.post(
    '/contacts/:id/merge',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.contacts_merged' },
      schema: {
        tags: ['crm'],
        summary:
          'Merge a duplicate into this contact: interactions, deals and consents move here; the duplicate is kept as merged',
        params: idParams,
        body: z.object({ duplicate_id: z.uuid() }),
        response: {
          200: z.object({
            merge_id: z.string(),
            survivor: contactSchema,
            merged_id: z.string(),
            moved_interactions: z.number(),
            moved_deals: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const result = await mergeContacts(
        runtime,
        tenantOf(request),
        request.params.id,
        request.body.duplicate_id,
        authOf(request).principalId,
      );
      request.auditContext = { target: request.params.id };
      return {
        merge_id: result.mergeId,
        survivor: contactResource(viewOf(result.survivor, crypto)),
        merged_id: request.body.duplicate_id,
        moved_interactions: result.movedInteractions,
        moved_deals: result.movedDeals,
      };
    },
  );
};

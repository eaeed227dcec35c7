import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmEventTypes, type ConsentChangedPayload } from '../domain/crm-events.js';
import { consentsOf, upsertConsents } from '../infrastructure/consents.repository.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import { idParams, messageChannels } from './crm-schemas.js';

const consentSchema = z.object({
  channel: z.enum(messageChannels),
  status: z.enum(['granted', 'withdrawn']),
  source: z.string(),
  recorded_at: z.string(),
});

/** Consent per contact and channel, with its source and time. */
export const consentRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const consentsResource = async (orgId: string, contactId: string) => ({
    object: 'list' as const,
    data: (await consentsOf(runtime.db, orgId, [contactId])).map((row) => ({
      channel: row.channel as 'email',
      status: row.status as 'granted',
      source: row.source,
      recorded_at: row.recordedAt,
    })),
  });
  const listSchema = z.object({ object: z.literal('list'), data: z.array(consentSchema) });

  app.get(
    '/contacts/:id/consents',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'The contact’s consent per channel',
        params: idParams,
        response: { 200: listSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const contact = await findContact(runtime.db, orgId, request.params.id);
      if (!contact || contact.erasedAt) throw AppError.notFound('Contact', request.params.id);
      return consentsResource(orgId, contact.id);
    },
  );

  app.put(
    '/contacts/:id/consents/:channel',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.consent_recorded' },
      schema: {
        tags: ['crm'],
        summary: 'Record a consent decision for one channel (replaces the previous one)',
        params: idParams.extend({ channel: z.enum(messageChannels) }),
        body: z.object({
          status: z.enum(['granted', 'withdrawn']),
          source: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe('Where the decision was given: a form, a call, an unsubscribe link, …'),
        }),
        response: { 200: listSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const { id, channel } = request.params;
      await runtime.db.transaction(async (tx) => {
        const contact = await findContact(tx, orgId, id);
        if (!contact || contact.erasedAt || contact.mergedIntoId)
          throw AppError.notFound('Contact', id);
        await upsertConsents(tx, [
          {
            orgId,
            contactId: id,
            channel,
            status: request.body.status,
            source: request.body.source,
          },
        ]);
        await runtime.events.publish<ConsentChangedPayload>(tx, {
          type: crmEventTypes.consentChanged,
          orgId,
          payload: { orgId, contactId: id, channel, status: request.body.status },
        });
      });
      request.auditContext = { target: id };
      return consentsResource(orgId, id);
    },
  );
};

import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { receiveMessage, sendMessage } from '../application/messages.js';
import { findContact } from '../infrastructure/contacts.repository.js';
import {
  insertInteraction,
  listInteractions,
  type InteractionRow,
} from '../infrastructure/interactions.repository.js';
import { idParams, messageChannels } from './crm-schemas.js';

const interactionChannels = [...messageChannels, 'note'] as const;

const interactionSchema = z.object({
  id: z.string(),
  object: z.literal('interaction'),
  contact_id: z.string(),
  channel: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  status: z.string(),
  provider_message_id: z.string().nullable(),
  error: z.string().nullable(),
  occurred_at: z.string(),
});

function interactionResource(row: InteractionRow): z.infer<typeof interactionSchema> {
  return {
    id: row.id,
    object: 'interaction',
    contact_id: row.contactId,
    channel: row.channel,
    direction: row.direction as 'inbound',
    subject: row.subject,
    body: row.body,
    status: row.status,
    provider_message_id: row.providerMessageId,
    error: row.error,
    occurred_at: row.occurredAt,
  };
}

const messageBody = z.string().trim().min(1).max(10_000);

/** The interactions timeline, outbound messages through the adapters, inbound messages. */
export const interactionRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  const liveContact = async (orgId: string, id: string) => {
    const contact = await findContact(runtime.db, orgId, id);
    if (!contact || contact.erasedAt) throw AppError.notFound('Contact', id);
    return contact;
  };

  app.get(
    '/contacts/:id/interactions',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'A contact’s timeline, newest first',
        params: idParams,
        querystring: paginationQuery.extend({
          channel: z.enum(interactionChannels).optional(),
          direction: z.enum(['inbound', 'outbound']).optional(),
        }),
        response: { 200: listOf(interactionSchema) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      await liveContact(orgId, request.params.id);
      const q = request.query;
      return listPage(q, {
        cursor: idCursor,
        rows: (page) =>
          listInteractions(runtime.db, orgId, request.params.id, {
            channel: q.channel,
            direction: q.direction,
            beforeId: page.after?.id,
            limit: page.limit,
          }),
        item: interactionResource,
        position: (row) => ({ id: row.id }),
      });
    },
  );

  app.post(
    '/contacts/:id/interactions',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.interaction_logged' },
      schema: {
        tags: ['crm'],
        summary: 'Log an interaction that happened elsewhere (a call, a meeting note)',
        params: idParams,
        body: z.object({
          channel: z.enum(interactionChannels),
          direction: z.enum(['inbound', 'outbound']),
          subject: z.string().trim().min(1).max(300).optional(),
          body: messageBody,
          occurred_at: z.iso.datetime({ offset: true }).optional(),
        }),
        response: { 201: interactionSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await liveContact(orgId, request.params.id);
      const body = request.body;
      const row = await insertInteraction(runtime.db, {
        orgId,
        id: uuidv7(),
        contactId: request.params.id,
        channel: body.channel,
        direction: body.direction,
        subject: body.subject ?? null,
        body: body.body,
        status: body.direction === 'inbound' ? 'received' : 'sent',
        ...(body.occurred_at ? { occurredAt: new Date(body.occurred_at).toISOString() } : {}),
      });
      return reply.status(201).send(interactionResource(row));
    },
  );

  app.post(
    '/contacts/:id/messages',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.message_sent' },
      schema: {
        tags: ['crm'],
        summary:
          'Send a message (email over SMTP; WhatsApp, SMS and voice simulated unless configured); the interaction shows the delivery status',
        params: idParams,
        body: z.object({
          channel: z.enum(['email', 'whatsapp', 'sms', 'voice']),
          subject: z.string().trim().min(1).max(300).optional(),
          body: messageBody,
          transactional: z
            .boolean()
            .default(false)
            .describe('A message the person asked for; marketing messages need consent'),
        }),
        response: { 201: interactionSchema },
      },
    },
    async (request, reply) => {
      const row = await sendMessage(runtime, tenantOf(request), request.params.id, request.body);
      return reply.status(201).send(interactionResource(row));
    },
  );

  app.post(
    '/inbound-messages',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.message_received' },
      schema: {
        tags: ['crm'],
        summary:
          'Record an inbound message (matched to a contact by email or phone; a stranger becomes a lead)',
        body: z
          .object({
            channel: z.enum(messageChannels),
            from: z.string().trim().min(3).max(254),
            subject: z.string().trim().min(1).max(300).optional(),
            body: messageBody,
          })
          .superRefine((value, context) => {
            const valid =
              value.channel === 'email'
                ? z.email().safeParse(value.from).success
                : /^\+?[0-9 ().-]{7,24}$/.test(value.from);
            if (!valid)
              context.addIssue({
                code: 'custom',
                path: ['from'],
                message: value.channel === 'email' ? 'must be an email' : 'must be a phone number',
              });
          }),
        response: {
          201: z.object({
            interaction: interactionSchema,
            contact_id: z.string(),
            new_lead: z.boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const result = await receiveMessage(runtime, tenantOf(request), request.body);
      return reply.status(201).send({
        interaction: interactionResource(result.interaction),
        contact_id: result.contactId,
        new_lead: result.newLead,
      });
    },
  );

  app.post(
    '/simulated/whatsapp-webhook',
    {
      preHandler: requirePermission('crm:write'),
      schema: {
        tags: ['crm'],
        summary:
          'Simulated WhatsApp Business Cloud API webhook: the payload shape Meta posts for incoming messages',
        body: z.object({
          object: z.literal('whatsapp_business_account'),
          entry: z
            .array(
              z.object({
                changes: z.array(
                  z.object({
                    value: z.object({
                      messages: z
                        .array(
                          z.object({
                            from: z.string().regex(/^\d{7,15}$/),
                            id: z.string().min(1).max(200),
                            type: z.string(),
                            text: z.object({ body: messageBody }).optional(),
                          }),
                        )
                        .default([]),
                    }),
                  }),
                ),
              }),
            )
            .min(1),
        }),
        response: { 200: z.object({ received: z.number() }) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const messages = request.body.entry
        .flatMap((entry) => entry.changes)
        .flatMap((change) => change.value.messages)
        .filter((message) => message.type === 'text' && message.text);
      for (const message of messages)
        await receiveMessage(runtime, orgId, {
          channel: 'whatsapp',
          from: `+${message.from}`,
          body: message.text!.body,
          providerMessageId: message.id,
        });
      return { received: messages.length };
    },
  );
};

import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { embedTexts, previewAnswer } from '../application/chatbot.js';
import { intents } from '../domain/intent.js';
import {
  deleteFaq,
  findFaq,
  insertFaq,
  listFaq,
  listReplies,
  updateFaq,
  type ChatbotReplyRow,
  type FaqRow,
} from '../infrastructure/chatbot.repository.js';
import { idParams } from './crm-schemas.js';

const faqFields = z.object({
  question: z.string().trim().min(3).max(500),
  answer: z.string().trim().min(1).max(4_000),
});

const faqSchema = z.object({
  id: z.uuid(),
  question: z.string(),
  answer: z.string(),
  created_at: z.iso.datetime({ offset: true }),
  updated_at: z.iso.datetime({ offset: true }),
});

const replySchema = z.object({
  id: z.uuid(),
  contact_id: z.uuid(),
  inbound_interaction_id: z.uuid(),
  outbound_interaction_id: z.uuid().nullable(),
  channel: z.string(),
  intent: z.enum(intents),
  confidence: z.number(),
  faq_entry_id: z.uuid().nullable(),
  similarity: z.number().nullable(),
  handed_off: z.boolean(),
  reply: z.string().nullable(),
  created_at: z.iso.datetime({ offset: true }),
});

const previewSchema = z.object({
  intent: z.enum(intents),
  intent_confidence: z.number(),
  action: z.enum(['answer', 'handoff']),
  handoff_reason: z.string().nullable(),
  faq_entry_id: z.uuid().nullable(),
  similarity: z.number().nullable(),
  reply: z.string(),
});

const iso = (value: string) => new Date(value).toISOString();

function faqResource(row: FaqRow) {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}

function replyResource(row: ChatbotReplyRow) {
  return {
    id: row.id,
    contact_id: row.contactId,
    inbound_interaction_id: row.inboundInteractionId,
    outbound_interaction_id: row.outboundInteractionId,
    channel: row.channel,
    intent: row.intent as (typeof intents)[number],
    confidence: row.confidence,
    faq_entry_id: row.faqEntryId,
    similarity: row.similarity,
    handed_off: row.handedOff,
    reply: row.reply,
    created_at: iso(row.createdAt),
  };
}

/** The chatbot's FAQ, a dry run of its answer, and what it replied to whom. */
export const chatbotRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.post(
    '/chatbot/faq',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.faq_created' },
      schema: {
        tags: ['crm'],
        summary: 'Add an FAQ entry the chatbot answers from',
        body: faqFields,
        response: { 201: faqSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const { vectors, model } = await embedTexts(runtime, orgId, [request.body.question]);
      const row = await insertFaq(runtime.db, {
        orgId,
        id: uuidv7(),
        question: request.body.question,
        answer: request.body.answer,
        embedding: vectors[0]!,
        embeddingModel: model,
      });
      request.auditContext = { target: row.id };
      return reply.status(201).send(faqResource(row));
    },
  );

  app.get(
    '/chatbot/faq',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'FAQ entries, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(faqSchema) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listFaq(runtime.db, tenantOf(request), {
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: faqResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/chatbot/faq/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'One FAQ entry',
        params: idParams,
        response: { 200: faqSchema },
      },
    },
    async (request) => {
      const row = await findFaq(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('FAQ entry', request.params.id);
      return faqResource(row);
    },
  );

  app.patch(
    '/chatbot/faq/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.faq_updated' },
      schema: {
        tags: ['crm'],
        summary: 'Change an FAQ entry (a new question is embedded again)',
        params: idParams,
        body: faqFields.partial(),
        response: { 200: faqSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const existing = await findFaq(runtime.db, orgId, request.params.id);
      if (!existing) throw AppError.notFound('FAQ entry', request.params.id);
      const { question, answer } = request.body;
      const embedded = question ? await embedTexts(runtime, orgId, [question]) : undefined;
      const row = await updateFaq(runtime.db, orgId, existing.id, {
        question,
        answer,
        ...(embedded ? { embedding: embedded.vectors[0]!, embeddingModel: embedded.model } : {}),
      });
      if (!row) throw AppError.notFound('FAQ entry', request.params.id);
      request.auditContext = { target: row.id };
      return faqResource(row);
    },
  );

  app.delete(
    '/chatbot/faq/:id',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.faq_deleted' },
      schema: {
        tags: ['crm'],
        summary: 'Delete an FAQ entry',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const deleted = await deleteFaq(runtime.db, tenantOf(request), request.params.id);
      if (!deleted) throw AppError.notFound('FAQ entry', request.params.id);
      request.auditContext = { target: request.params.id };
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/chatbot/preview',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'What the chatbot would answer to a message (nothing is sent or stored)',
        body: z.object({ message: z.string().trim().min(1).max(2_000) }),
        response: { 200: previewSchema },
      },
    },
    async (request) => previewAnswer(runtime, tenantOf(request), request.body.message),
  );

  app.get(
    '/chatbot/replies',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: "The chatbot's replies and hand-offs, newest first",
        querystring: paginationQuery.extend({ contact_id: z.uuid().optional() }),
        response: { 200: listOf(replySchema) },
      },
    },
    async (request) => {
      const { limit, cursor, contact_id: contactId } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listReplies(runtime.db, tenantOf(request), {
              contactId,
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: replyResource,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );
};

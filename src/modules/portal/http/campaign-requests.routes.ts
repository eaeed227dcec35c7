import { planFeature } from '../../billing/index.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { streamEvents, type ServerSentEvent } from '../../../platform/http/server-sent-events.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  approveCampaignRequest,
  rejectCampaignRequest,
  retryCampaignRequest,
  type Actor,
} from '../application/decide-campaign-request.js';
import { submitCampaignRequest } from '../application/submit-campaign-request.js';
import { replyToSubmission, submitContextOf } from './campaign-request-submission.js';
import { requestStatuses } from '../domain/campaign-request.js';
import {
  findCampaignRequest,
  listCampaignRequests,
  type CampaignRequestRow,
} from '../infrastructure/campaign-requests.repository.js';
import {
  approveBody,
  campaignRequestBody,
  campaignRequestSchema,
  rejectBody,
  campaignRequestResource,
  namesOfRequests,
  toCampaignRequestResource,
} from '../application/campaign-request-contract.js';

const idParams = z.object({ id: z.uuid() });
const pollIntervalMs = 300;
const settled = new Set(['awaiting_approval', 'failed', 'rejected', 'completed']);

export function actorOf(request: Parameters<typeof authOf>[0]): Actor {
  const auth = authOf(request);
  return { orgId: auth.orgId, principalId: auth.principalId, userId: auth.userId };
}

/** The campaign request: submit, read, follow the planning, approve or reject, retry. */
export const campaignRequestRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'campaign_requests');
  const load = async (orgId: string, id: string) => {
    const row = await findCampaignRequest(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Campaign request', id);
    return row;
  };

  app.post(
    '/campaign-requests',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { idempotent: 'in-transaction', audit: 'campaign_request.created' },
      schema: {
        tags: ['portal'],
        summary: 'Submit a campaign request (planned by AI, then approved by a person)',
        description:
          'Validates, checks the monthly allowance, and records the request with its planning job (and its Idempotency-Key) in one transaction. Answers 202 with status `planning`: the planning job then drafts the PromptCRM segments, the PromptAds campaign (`campaignId`) and the PromptContent requests, and proposes. Follow `GET /campaign-requests/{id}` or its `events` stream until `awaiting_approval`. Field names are camelCase (fixed contract, ADR 0007).',
        body: campaignRequestBody,
        response: { 202: campaignRequestSchema },
      },
    },
    async (request, reply) => {
      const outcome = await submitCampaignRequest(
        runtime,
        await submitContextOf(runtime, request),
        request.body,
      );
      return replyToSubmission(runtime, request, reply, outcome);
    },
  );

  app.get(
    '/campaign-requests',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'Campaign requests of the organisation, newest first',
        querystring: paginationQuery.extend({ status: z.enum(requestStatuses).optional() }),
        response: { 200: listOf(campaignRequestSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      const orgId = tenantOf(request);
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: async (page) => {
            const rows = await listCampaignRequests(runtime.db, orgId, {
              status,
              beforeId: page.after?.id,
              limit: page.limit,
            });
            const names = await namesOfRequests(runtime, orgId, rows);
            return rows.map((row) => ({ row, names }));
          },
          item: ({ row, names }) => toCampaignRequestResource(row, names),
          position: ({ row }) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/campaign-requests/:id',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'One campaign request with its proposal and decisions',
        params: idParams,
        response: { 200: campaignRequestSchema },
      },
    },
    async (request) =>
      campaignRequestResource(runtime, await load(tenantOf(request), request.params.id)),
  );

  app.get(
    '/campaign-requests/:id/events',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'Planning progress and status changes as server-sent events',
        description:
          'Event `status` (the request resource) whenever status or planning stage changes; the stream ends at `awaiting_approval`, `failed`, `rejected` or `completed`.',
        params: idParams,
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const first = await load(orgId, request.params.id);
      await streamEvents(request, reply, (signal) => progress(first, signal));

      async function* progress(
        initial: CampaignRequestRow,
        signal: AbortSignal,
      ): AsyncIterable<ServerSentEvent> {
        let row: CampaignRequestRow | undefined = initial;
        let last = '';
        while (row && !signal.aborted) {
          const marker = `${row.status}:${row.planningStage ?? ''}`;
          if (marker !== last) {
            last = marker;
            yield {
              event: 'status',
              id: marker,
              data: await campaignRequestResource(runtime, row),
            };
          }
          if (settled.has(row.status)) return;
          await sleep(pollIntervalMs, undefined, { signal }).catch(() => undefined);
          row = await findCampaignRequest(runtime.db, orgId, row.id);
        }
      }
    },
  );

  app.post(
    '/campaign-requests/:id/approve',
    {
      preHandler: requirePermission('campaigns:approve'),
      config: { audit: 'campaign_request.approved' },
      schema: {
        tags: ['portal'],
        summary: 'Approve the proposal, whole or item by item, with comments',
        description:
          'Items not named are approved. The approved campaign is then published to PromptAds (status `scheduled`), becomes `active` on its start date and `completed` after its end date; its agenda is created now.',
        params: idParams,
        body: approveBody,
        response: { 200: campaignRequestSchema },
      },
    },
    async (request) => {
      request.auditContext = { target: request.params.id };
      const row = await approveCampaignRequest(
        runtime,
        actorOf(request),
        request.params.id,
        request.body,
      );
      return campaignRequestResource(runtime, row);
    },
  );

  app.post(
    '/campaign-requests/:id/reject',
    {
      preHandler: requirePermission('campaigns:approve'),
      config: { audit: 'campaign_request.rejected' },
      schema: {
        tags: ['portal'],
        summary: 'Reject the whole proposal with a comment (nothing is published)',
        params: idParams,
        body: rejectBody,
        response: { 200: campaignRequestSchema },
      },
    },
    async (request) => {
      request.auditContext = { target: request.params.id };
      const row = await rejectCampaignRequest(
        runtime,
        actorOf(request),
        request.params.id,
        request.body.comment,
      );
      return campaignRequestResource(runtime, row);
    },
  );

  app.post(
    '/campaign-requests/:id/retry',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { audit: 'campaign_request.retried' },
      schema: {
        tags: ['portal'],
        summary: 'Plan a failed request again',
        params: idParams,
        response: { 202: campaignRequestSchema },
      },
    },
    async (request, reply) => {
      request.auditContext = { target: request.params.id };
      const row = await retryCampaignRequest(runtime, actorOf(request), request.params.id);
      return reply.status(202).send(await campaignRequestResource(runtime, row));
    },
  );
};

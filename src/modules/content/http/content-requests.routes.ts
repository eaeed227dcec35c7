import { planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { streamEvents, type ServerSentEvent } from '../../../platform/http/server-sent-events.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { generateAssetsJob } from '../application/generate-assets.job.js';
import { assertGenerationAllowed } from '../application/generation-allowance.js';
import { submitContentRequest } from '../application/submit-content-request.js';
import { briefFromBody, briefSchema } from '../application/content-brief-request.js';
import type { ContentBrief } from '../domain/content-brief.js';
import { assetsOfRequest, type AssetRow } from '../infrastructure/assets.repository.js';
import {
  findContentRequest,
  listContentRequests,
  moveContentRequest,
  type ContentRequestRow,
} from '../infrastructure/content-requests.repository.js';

const statuses = ['queued', 'generating', 'completed', 'failed'] as const;

const assetSummary = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  status: z.string(),
});

const requestSchema = z.object({
  id: z.string(),
  object: z.literal('content_request'),
  status: z.enum(statuses),
  failure_reason: z.string().nullable(),
  brief: briefSchema,
  progress: z.object({ generated: z.number().int(), expected: z.number().int() }),
  attempts: z.number().int(),
  created_by: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  assets: z.array(assetSummary).optional(),
});

const briefOut = (brief: ContentBrief): z.infer<typeof briefSchema> => ({
  type: brief.type,
  subject: brief.subject,
  description: brief.description,
  channel: brief.channel,
  audience: brief.audience,
  language: brief.language,
  tone: brief.tone,
  style: brief.style,
  benefits: brief.benefits,
  keywords: brief.keywords,
  call_to_action: brief.callToAction,
  campaign_reference: brief.campaignReference,
  variants: brief.variants,
  brand_kit_id: brief.brandKitId,
});

export function toRequestResource(row: ContentRequestRow, assets?: AssetRow[]) {
  return {
    id: row.id,
    object: 'content_request' as const,
    status: row.status as (typeof statuses)[number],
    failure_reason: row.failureReason,
    brief: briefOut(row.brief),
    progress: { generated: row.generated, expected: row.expected },
    attempts: row.attempts,
    created_by: row.createdBy,
    created_at: row.createdAt,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    ...(assets
      ? {
          assets: assets.map((a) => ({ id: a.id, type: a.type, title: a.title, status: a.status })),
        }
      : {}),
  };
}

const idParams = z.object({ id: z.uuid() });
const pollIntervalMs = 250;
/** Beyond every delivery's time limit (3 runs of the job's 300 s and their back-off). */
const staleGenerationSeconds = 20 * 60;
const finished = new Set(['completed', 'failed']);

/** Content requests: a brief in, a generation job, its progress (polling or SSE), its assets. */
export const contentRequestRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'content_generation');
  const job = generateAssetsJob(runtime);
  const load = async (orgId: string, id: string) => {
    const row = await findContentRequest(runtime.db, orgId, id);
    if (!row) throw AppError.notFound('Content request', id);
    return row;
  };

  app.post(
    '/content-requests',
    {
      preHandler: requirePermission('content:write'),
      config: { idempotent: true },
      schema: {
        tags: ['content'],
        summary: 'Request content for a brief (generated asynchronously)',
        description:
          'Answers 202 with the request (status `queued`). Follow it with `GET /content-requests/{id}` or the `events` stream; the assets appear in the media library as drafts.',
        body: briefSchema,
        response: { 202: requestSchema },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const brief = briefFromBody(request.body);
      // One AI generation per request: its drafts are generated in the background.
      await assertGenerationAllowed(runtime, auth.orgId, brief);
      const row = await submitContentRequest(runtime, {
        orgId: auth.orgId,
        createdBy: auth.userId ?? auth.principalId,
        brief,
      });
      return reply
        .status(202)
        .header('location', `/api/v1/content-requests/${row.id}`)
        .send(toRequestResource(row));
    },
  );

  app.get(
    '/content-requests',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Content requests of the organisation, newest first',
        querystring: paginationQuery.extend({ status: z.enum(statuses).optional() }),
        response: { 200: listOf(requestSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, status } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listContentRequests(runtime.db, tenantOf(request), {
              status,
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: (row) => toRequestResource(row),
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/content-requests/:id',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'One content request with its progress and generated assets',
        params: idParams,
        response: { 200: requestSchema },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const row = await load(orgId, request.params.id);
      return toRequestResource(row, await assetsOfRequest(runtime.db, orgId, row.id));
    },
  );

  app.post(
    '/content-requests/:id/retry',
    {
      preHandler: requirePermission('content:write'),
      schema: {
        tags: ['content'],
        summary: 'Queue a failed request again (or one stalled in generating for 20 minutes)',
        params: idParams,
        response: { 202: requestSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const current = await load(orgId, request.params.id);
      const row = await runtime.db.transaction(async (tx) => {
        // A request still generating long after its job's time limit lost its worker for good.
        const stale =
          current.status === 'generating' &&
          Date.parse(current.startedAt ?? current.updatedAt) <
            Date.now() - staleGenerationSeconds * 1000;
        const from = stale ? (['generating'] as const) : (['failed'] as const);
        const moved = await moveContentRequest(tx, orgId, current.id, from, 'queued', {
          generated: 0,
          finishedAt: null,
        });
        if (!moved) {
          throw new AppError(
            'conflict',
            `Only a failed (or stalled) request can be retried; this one is ${current.status}`,
          );
        }
        await runtime.jobs.send(job, { orgId, requestId: current.id }, { transaction: tx });
        return moved;
      });
      return reply.status(202).send(toRequestResource(row));
    },
  );

  app.get(
    '/content-requests/:id/events',
    {
      preHandler: requirePermission('content:read'),
      schema: {
        tags: ['content'],
        summary: 'Progress of a content request as server-sent events',
        description:
          'Events `status` (the request resource) whenever status or progress changes; the stream ends after `completed` or `failed`.',
        params: idParams,
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      // 404 before the stream starts, so another organisation's id never opens one.
      const first = await load(orgId, request.params.id);
      await streamEvents(request, reply, (signal) => progress(first, signal));

      async function* progress(
        initial: ContentRequestRow,
        signal: AbortSignal,
      ): AsyncIterable<ServerSentEvent> {
        let row: ContentRequestRow | undefined = initial;
        let last = '';
        while (row && !signal.aborted) {
          const marker = `${row.status}:${row.generated}`;
          if (marker !== last) {
            last = marker;
            const assets = finished.has(row.status)
              ? await assetsOfRequest(runtime.db, orgId, row.id)
              : undefined;
            yield { event: 'status', id: marker, data: toRequestResource(row, assets) };
          }
          if (finished.has(row.status)) return;
          await sleep(pollIntervalMs, signal);
          row = await findContentRequest(runtime.db, orgId, row.id);
        }
      }
    },
  );
};

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

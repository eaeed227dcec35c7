import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpCaller, McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import { findSimilarAssets } from '../application/find-similar-assets.js';
import { submitContentRequest } from '../application/submit-content-request.js';
import { normaliseHashtag } from '../domain/asset-metadata.js';
import { fold } from '../domain/text-normalization.js';
import {
  assetsOfRequest,
  searchAssets,
  type AssetRow,
} from '../infrastructure/assets.repository.js';
import { findContentRequest } from '../infrastructure/content-requests.repository.js';
import { briefFromBody, briefSchema, toRequestResource } from '../http/content-requests.routes.js';

const actorOf = (caller: McpCaller) => caller.userId ?? caller.principalId;

/** What an agent needs of a library asset: what it is, its hashtags and where its file is. */
const libraryItem = (row: AssetRow, score?: number) => ({
  id: row.id,
  type: row.type,
  title: row.title,
  description: row.description,
  hashtags: row.hashtags.map((tag) => `#${tag}`),
  channel: row.channel,
  status: row.status,
  file_url:
    row.type === 'text'
      ? null
      : `/api/v1/assets/${row.id}/file?version=${row.currentVersion}${row.type === 'video' ? '&scene=1' : ''}`,
  ...(score !== undefined ? { score: Math.round(score * 1000) / 1000 } : {}),
});

/** PromptContent for agents: request content, follow a request, search the media library. */
export function registerContentMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'content_request_content',
    title: 'Request content',
    description:
      'Queues generation of marketing content for a brief: copy (type text), a banner (image) or a ' +
      'video script with storyboard frames (video), 1–5 variants, in Spanish or English, for a ' +
      'channel. Returns the request (status queued); follow it with content_get_request.',
    input: briefSchema.shape,
    readOnly: false,
    permission: 'content:write',
    run: async (input, { runtime, caller }) => {
      const row = await submitContentRequest(runtime, {
        orgId: requireOrgId(caller),
        createdBy: actorOf(caller),
        brief: briefFromBody(briefSchema.parse(input)),
      });
      return toRequestResource(row);
    },
  });

  registry.tool({
    name: 'content_get_request',
    title: 'Content request status',
    description:
      'Status (queued, generating, completed, failed with the reason), progress and generated ' +
      'assets of a content request.',
    input: { request_id: z.uuid().describe('The id content_request_content returned') },
    readOnly: true,
    permission: 'content:read',
    run: async ({ request_id: requestId }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const row = await findContentRequest(runtime.db, orgId, requestId);
      if (!row) throw AppError.notFound('Content request', requestId);
      return toRequestResource(row, await assetsOfRequest(runtime.db, orgId, row.id));
    },
  });

  registry.tool({
    name: 'content_search_media',
    title: 'Search the media library',
    description:
      'Finds assets of the media library. With `description` ("describe what you need"), ranks by ' +
      'similarity of descriptions; with `query` and/or `hashtag`, matches words and hashtags. ' +
      'Returns each asset with its description, hashtags and file URL.',
    input: {
      description: z.string().trim().min(2).max(1000).optional(),
      query: z.string().trim().min(1).max(200).optional(),
      hashtag: z.string().trim().min(1).max(60).optional(),
      type: z.enum(['text', 'image', 'video']).optional(),
      limit: z.number().int().min(1).max(50).default(10),
    },
    readOnly: true,
    permission: 'content:read',
    run: async (input, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      if (input.description) {
        const { results } = await findSimilarAssets(runtime, {
          orgId,
          userId: actorOf(caller),
          description: input.description,
          type: input.type,
          limit: input.limit,
        });
        return { results: results.map(({ row, score }) => libraryItem(row, score)) };
      }
      const hashtag = input.hashtag ? normaliseHashtag(input.hashtag) : '';
      if (!input.query && !hashtag) {
        throw AppError.validation('Give a description, a query or a hashtag', [
          { field: 'description', message: 'or query or hashtag is required' },
        ]);
      }
      const rows = await searchAssets(runtime.db, orgId, {
        q: input.query ? fold(input.query) : undefined,
        hashtag: hashtag || undefined,
        type: input.type,
        limit: input.limit,
      });
      return { results: rows.map((row) => libraryItem(row)) };
    },
  });
}

import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { requireOrgId } from '../../../platform/mcp/mcp-caller.js';
import type { McpCaller, McpRegistry } from '../../../platform/mcp/mcp-registry.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findSimilarAssets } from '../application/find-similar-assets.js';
import { assertGenerationAllowed } from '../application/generation-allowance.js';
import { submitContentRequest } from '../application/submit-content-request.js';
import { normaliseHashtag } from '../domain/asset-metadata.js';
import { fold } from '../domain/text-normalization.js';
import { assetsOfRequest, searchAssets } from '../infrastructure/assets.repository.js';
import { findContentRequest } from '../infrastructure/content-requests.repository.js';
import {
  briefFromMcp,
  generatedAssets,
  libraryItem,
  mcpBriefSchema,
  requestView,
} from './content-mcp-views.js';

const actorOf = (caller: McpCaller) => caller.userId ?? caller.principalId;
const finished = new Set(['completed', 'failed']);
const pollMs = 250;

/** The request with its generated content, after waiting up to `waitSeconds` for it to finish. */
async function requestWithContent(
  runtime: Runtime,
  orgId: string,
  requestId: string,
  waitSeconds: number,
) {
  const deadline = Date.now() + waitSeconds * 1000;
  let row = await findContentRequest(runtime.db, orgId, requestId);
  if (!row) throw AppError.notFound('Content request', requestId);
  while (!finished.has(row.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    row = (await findContentRequest(runtime.db, orgId, requestId))!;
  }
  const assets = await assetsOfRequest(runtime.db, orgId, row.id);
  return requestView(row, await generatedAssets(runtime, orgId, assets));
}

const waitSeconds = z
  .number()
  .int()
  .min(0)
  .max(60)
  .default(0)
  .describe('Wait up to this many seconds for the generation to finish (0: answer at once)');

/** PromptContent for agents: request content, follow a request, search the media library. */
export function registerContentMcp(registry: McpRegistry): void {
  registry.tool({
    name: 'content_request_content',
    title: 'Request content',
    description:
      'Queues generation of marketing content for a brief: copy (type text), a banner (image) or a ' +
      'video script with storyboard frames (video), 1–5 variants, in Spanish or English, for a ' +
      'channel. With `waitSeconds`, waits for the generation and returns the generated copy, ' +
      'banner or script itself; otherwise the queued request, to follow with content_get_request.',
    input: { ...mcpBriefSchema.shape, waitSeconds },
    readOnly: false,
    feature: 'content_generation',
    permission: 'content:write',
    run: async ({ waitSeconds: wait, ...input }, { runtime, caller }) => {
      const orgId = requireOrgId(caller);
      const brief = briefFromMcp(mcpBriefSchema.parse(input));
      await assertGenerationAllowed(runtime, orgId, brief);
      const row = await submitContentRequest(runtime, { orgId, createdBy: actorOf(caller), brief });
      return wait > 0 ? requestWithContent(runtime, orgId, row.id, wait) : requestView(row, []);
    },
  });

  registry.tool({
    name: 'content_get_request',
    title: 'Content request status',
    description:
      'Status (queued, generating, completed, failed with the reason), progress and the ' +
      'generated assets of a content request with their content: the copy (headline, body, call ' +
      'to action, SEO), the banner (headline, alt text, file URL) or the script and scenes.',
    input: {
      requestId: z.uuid().describe('The id content_request_content returned'),
      waitSeconds,
    },
    readOnly: true,
    permission: 'content:read',
    run: async ({ requestId, waitSeconds: wait }, { runtime, caller }) =>
      requestWithContent(runtime, requireOrgId(caller), requestId, wait),
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

import { assertWithinQuota } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { GenerationMeta } from '../application/ai-gateway.js';
import { aiServicesFor } from '../application/ai-services.js';
import { copyBriefSchema, marketingCopySchema } from '../domain/copy-prompt.js';

const meta = {
  provider: z.string(),
  model: z.string(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_micros: z.number().int(),
  cached: z.boolean(),
  latency_ms: z.number().int(),
};

const metaOf = (generation: GenerationMeta) => ({
  provider: generation.provider,
  model: generation.model,
  tokens_in: generation.usage.tokensIn,
  tokens_out: generation.usage.tokensOut,
  cost_micros: generation.costMicros,
  cached: generation.cached,
  latency_ms: generation.latencyMs,
});

/**
 * Direct access to the gateway for people and agents with `ai:use`: a chat completion, and
 * marketing copy from a brief. Other modules call the facade instead of these routes.
 */
export const aiGenerationRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const { gateway } = aiServicesFor(runtime);

  app.post(
    '/ai/text',
    {
      preHandler: requirePermission('ai:use'),
      schema: {
        tags: ['ai'],
        summary: 'Chat completion through the gateway (cached, metered)',
        body: z.object({
          messages: z
            .array(
              z.object({
                role: z.enum(['system', 'user', 'assistant']),
                content: z.string().min(1).max(50_000),
              }),
            )
            .min(1)
            .max(50),
          temperature: z.number().min(0).max(2).optional(),
          max_tokens: z.number().int().min(1).max(16_000).optional(),
          json: z.boolean().optional(),
          seed: z.number().int().optional(),
          cache: z.boolean().default(true),
        }),
        response: { 200: z.object({ text: z.string(), finish_reason: z.string(), ...meta }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      await assertWithinQuota(runtime, auth.orgId, 'ai_generations');
      const abort = new AbortController();
      request.raw.on('close', () => abort.abort());
      const body = request.body;
      const generation = await gateway.generateText({
        orgId: auth.orgId,
        userId: auth.userId ?? auth.principalId,
        purpose: 'ai.text',
        requestId: request.id,
        cache: body.cache,
        signal: abort.signal,
        messages: body.messages,
        temperature: body.temperature,
        maxTokens: body.max_tokens,
        json: body.json,
        seed: body.seed,
      });
      return {
        text: generation.text,
        finish_reason: generation.finishReason,
        ...metaOf(generation),
      };
    },
  );

  app.post(
    '/ai/copy',
    {
      preHandler: requirePermission('ai:use'),
      schema: {
        tags: ['ai'],
        summary:
          'Marketing copy from a brief: headlines, body, call to action, hashtags, SEO and FAQ',
        body: z.object({ brief: copyBriefSchema, seed: z.number().int().optional() }),
        response: { 200: z.object({ copy: marketingCopySchema, ...meta }) },
      },
    },
    async (request) => {
      const auth = authOf(request);
      await assertWithinQuota(runtime, auth.orgId, 'ai_generations');
      const generation = await gateway.generateMarketingCopy({
        orgId: auth.orgId,
        userId: auth.userId ?? auth.principalId,
        purpose: 'ai.copy',
        requestId: request.id,
        brief: request.body.brief,
        seed: request.body.seed,
      });
      return { copy: generation.copy, ...metaOf(generation) };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  getProviderSettings,
  removeProviderSettings,
  setProviderSettings,
  type ProviderSettingsView,
} from '../application/provider-settings.js';

const providerKind = z.enum(['offline', 'openai', 'azure-openai']);

const settingsView = z.object({
  source: z.enum(['organization', 'global']),
  provider: providerKind,
  base_url: z.string().nullable(),
  api_key: z.object({ set: z.boolean(), last4: z.string().nullable() }),
  text_model: z.string(),
  image_model: z.string(),
  embedding_model: z.string(),
  azure_api_version: z.string().nullable(),
  updated_at: z.string().nullable(),
});

const toView = (view: ProviderSettingsView) => ({
  source: view.source,
  provider: view.provider,
  base_url: view.baseUrl,
  api_key: view.apiKey,
  text_model: view.textModel,
  image_model: view.imageModel,
  embedding_model: view.embeddingModel,
  azure_api_version: view.azureApiVersion,
  updated_at: view.updatedAt,
});

const optionalName = z.string().trim().min(1).max(200).nullable().optional();

/** The organisation's own AI endpoint. The key is write-only: reads show its last 4 characters. */
export const aiSettingsRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/ai/settings',
    {
      preHandler: requirePermission('org:read'),
      schema: {
        tags: ['ai'],
        summary: "The AI provider this organisation's calls use",
        response: { 200: settingsView },
      },
    },
    async (request) => toView(await getProviderSettings(runtime, authOf(request).orgId)),
  );

  app.put(
    '/ai/settings',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['ai'],
        summary:
          'Use an own AI endpoint (OpenAI, Azure OpenAI, any OpenAI-compatible server) or the offline generators',
        description:
          'The API key is stored encrypted and never returned. Omit `api_key` to keep the stored key; send null to remove it. ' +
          'For Azure OpenAI, `base_url` is the resource endpoint and the models are deployment names.',
        body: z.object({
          provider: providerKind,
          base_url: z
            .url({ protocol: /^https?$/ })
            .max(500)
            .nullable()
            .optional(),
          api_key: z.string().trim().min(8).max(500).nullable().optional(),
          text_model: optionalName,
          image_model: optionalName,
          embedding_model: optionalName,
          azure_api_version: z.string().trim().min(4).max(40).nullable().optional(),
        }),
        response: { 200: settingsView },
      },
    },
    async (request) => {
      const auth = authOf(request);
      const body = request.body;
      const view = await setProviderSettings(runtime, auth.orgId, auth.principalId, {
        provider: body.provider,
        baseUrl: body.base_url,
        apiKey: body.api_key,
        textModel: body.text_model,
        imageModel: body.image_model,
        embeddingModel: body.embedding_model,
        azureApiVersion: body.azure_api_version,
      });
      return toView(view);
    },
  );

  app.delete(
    '/ai/settings',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['ai'],
        summary: 'Go back to the platform-wide AI provider',
        response: { 200: settingsView },
      },
    },
    async (request) => toView(await removeProviderSettings(runtime, authOf(request).orgId)),
  );
};

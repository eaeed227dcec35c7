import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGenerationRoutes } from './ai-generation.routes.js';
import { aiSettingsRoutes } from './ai-settings.routes.js';
import { aiUsageRoutes } from './ai-usage.routes.js';

export const aiRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  // Only the runtime: passing the whole options object on would apply the /api/v1 prefix twice.
  await app.register(aiSettingsRoutes, { runtime });
  await app.register(aiUsageRoutes, { runtime });
  await app.register(aiGenerationRoutes, { runtime });
};

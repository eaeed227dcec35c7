import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { aiGenerationRoutes } from './ai-generation.routes.js';
import { aiSettingsRoutes } from './ai-settings.routes.js';
import { aiUsageRoutes } from './ai-usage.routes.js';

export const aiRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, options) => {
  await app.register(aiSettingsRoutes, options);
  await app.register(aiUsageRoutes, options);
  await app.register(aiGenerationRoutes, options);
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { automationRoutes } from './automations.routes.js';
import { chatbotRoutes } from './chatbot.routes.js';
import { scoringRoutes } from './scoring.routes.js';
import { segmentRoutes } from './segments.routes.js';

/** Segments, scoring, automations and the chatbot's routes. */
export const intelligenceRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  await app.register(segmentRoutes, { runtime });
  await app.register(scoringRoutes, { runtime });
  await app.register(automationRoutes, { runtime });
  await app.register(chatbotRoutes, { runtime });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { agendaRoutes } from './agenda.routes.js';
import { campaignRequestRoutes } from './campaign-requests.routes.js';
import { strategyRoutes } from './strategies.routes.js';

export const portalRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  await app.register(strategyRoutes, { runtime });
  await app.register(campaignRequestRoutes, { runtime });
  await app.register(agendaRoutes, { runtime });
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { adSetRoutes } from './ad-sets.routes.js';
import { audienceRoutes } from './audiences.routes.js';
import { campaignRoutes } from './campaigns.routes.js';
import { connectionRoutes } from './connections.routes.js';
import { performanceRoutes } from './performance.routes.js';
import { proposalRoutes } from './proposals.routes.js';
import { sentimentRoutes } from './sentiment.routes.js';
import { trackingRoutes } from './tracking.routes.js';

export const adsRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  // Only the runtime: passing the whole options object on would apply the /api/v1 prefix twice.
  await app.register(campaignRoutes, { runtime });
  await app.register(audienceRoutes, { runtime });
  await app.register(adSetRoutes, { runtime });
  await app.register(performanceRoutes, { runtime });
  await app.register(proposalRoutes, { runtime });
  await app.register(trackingRoutes, { runtime });
  await app.register(sentimentRoutes, { runtime });
  await app.register(connectionRoutes, { runtime });
};

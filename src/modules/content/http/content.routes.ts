import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { assetReviewRoutes } from './asset-review.routes.js';
import { assetUploadRoutes } from './asset-upload.routes.js';
import { assetRoutes } from './assets.routes.js';
import { brandKitRoutes } from './brand-kits.routes.js';
import { contentRequestRoutes } from './content-requests.routes.js';

export const contentRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  // Only the runtime: passing the whole options object on would apply the /api/v1 prefix twice.
  await app.register(brandKitRoutes, { runtime });
  await app.register(contentRequestRoutes, { runtime });
  await app.register(assetRoutes, { runtime });
  await app.register(assetReviewRoutes, { runtime });
  await app.register(assetUploadRoutes, { runtime });
};

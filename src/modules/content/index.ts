import type { ModuleDefinition } from '../../platform/module.js';
import { seedContentDemo } from './application/demo-seed.js';
import { generateAssetsJob } from './application/generate-assets.job.js';
import { contentRoutes } from './http/content.routes.js';

/**
 * PromptContent: brand kits, content requests generated through the AI gateway, assets with
 * versions, review and usage rights, and the searchable media library.
 */
export const contentModule: ModuleDefinition = {
  name: 'content',
  routes: contentRoutes,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [generateAssetsJob(runtime) as never],
  seed: seedContentDemo,
};

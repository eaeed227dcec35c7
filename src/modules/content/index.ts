import { contentReferences } from './application/content-references.js';
import type { ModuleDefinition } from '../../platform/module.js';
import type { Runtime } from '../../platform/runtime.js';
import { createContentFacade, type ContentFacade } from './application/content-facade.js';
import { seedContentDemo } from './application/demo-seed.js';
import { generateAssetsJob } from './application/generate-assets.job.js';
import { rightsExpiryAlertsJob } from './application/rights-expiry-alerts.job.js';
import { contentRoutes } from './http/content.routes.js';
import { registerContentMcp } from './mcp/content.mcp.js';
import { contentUsageMeters } from './infrastructure/usage-meters.js';

export {
  rightsExpiringEvent,
  type RightsExpiringPayload,
} from './application/rights-expiry-alerts.job.js';
export { approvedImageOf, type ApprovedImage } from './application/approved-image.js';
export { assetTitles } from './application/asset-titles.js';
export {
  createContentFacade,
  type ContentFacade,
  type ContentRequestStatus,
} from './application/content-facade.js';
export {
  briefFromBody as contentBriefFromBody,
  briefSchema as contentBriefSchema,
} from './application/content-brief-request.js';
export {
  contentChannels,
  contentLanguages,
  contentTones,
  contentTypes,
  type ContentBrief,
  type ContentChannel,
  type ContentLanguage,
  type ContentTone,
  type ContentType,
} from './domain/content-brief.js';

/** PromptContent for other modules (the portal's campaign request). */
export function contentFacadeFor(runtime: Runtime): ContentFacade {
  return createContentFacade(runtime);
}

/**
 * PromptContent: brand kits, content requests generated through the AI gateway, assets with
 * versions, review and usage rights, and the searchable media library.
 */
export const contentModule: ModuleDefinition = {
  name: 'content',
  routes: contentRoutes,
  references: contentReferences,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [generateAssetsJob(runtime), rightsExpiryAlertsJob(runtime)],
  mcp: registerContentMcp,
  usage: contentUsageMeters,
  seed: seedContentDemo,
};

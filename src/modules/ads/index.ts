import { adsReferences } from './application/ads-references.js';
import { adsUsageMeters } from './infrastructure/usage-meters.js';
import type { ModuleDefinition } from '../../platform/module.js';
import { stopAdsServices } from './application/ads-services.js';
import { deliveryJob } from './application/delivery.job.js';
import { deliveryTickJob } from './application/delivery-tick.job.js';
import { adsEventHandlers } from './application/personal-data.js';
import { demoTopUpJob, seedAdsDemoWithHistory } from './application/demo-top-up.job.js';
import { adsRoutes } from './http/ads.routes.js';
import { redirectRoutes } from './http/redirect.routes.js';
import { registerAdsMcp } from './mcp/ads.mcp.js';

export {
  adsEventTypes,
  type ConversionRecordedPayload,
  type DemoHistorySeededPayload,
} from './domain/ads-events.js';
export { channels, type Channel } from './domain/channels.js';
export {
  campaignPlanSchema,
  createDraftFromPlan,
  type CampaignPlan,
} from './application/draft-from-plan.js';
export type { CampaignState } from './domain/campaign-state.js';
export {
  personalDataInAds,
  type AdsPersonalData,
  type PersonIdentifiers,
} from './application/personal-data.js';
export { expectedRoas } from './domain/campaign-planner.js';
export { defaultDemoCampaigns, demoCampaignHistory, seedAdsDemo } from './application/demo-seed.js';
export { campaignDailyKpis, type DailyKpis } from './application/campaign-daily-kpis.js';
export { campaignNames } from './application/campaign-names.js';
export { demoCampaignsWithAds, type DemoCampaignAds } from './application/demo-campaign-ads.js';
export {
  adsAdDimensions,
  adsCellFacts,
  adsChangedCells,
  adsFactSources,
  type AdsCell,
  type AdsFactRow,
  type AdsFactSource,
  type ChangedAdsCell,
} from './application/analytics-source.js';
export {
  publishApprovedCampaign,
  type ApprovedCampaignContent,
} from './application/portal-approval.js';

/**
 * PromptAds: campaigns → ad sets → ads with an approval state machine, channel adapters
 * (simulated without credentials) delivering into daily facts, first-party tracking (short
 * links, signed conversions, pixel) and the performance query.
 */
export const adsModule: ModuleDefinition = {
  name: 'ads',
  routes: adsRoutes,
  usage: adsUsageMeters,
  rootRoutes: redirectRoutes,
  references: adsReferences,
  jobs: (runtime) => [deliveryTickJob(runtime), deliveryJob(runtime), demoTopUpJob(runtime)],
  // GDPR: `crm.person-erased` erases the person's contact data in conversions.
  eventHandlers: adsEventHandlers,
  mcp: registerAdsMcp,
  seed: seedAdsDemoWithHistory,
  stop: stopAdsServices,
};

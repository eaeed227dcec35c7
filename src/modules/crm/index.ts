import { crmReferences } from './application/crm-references.js';
import { crmMessagingAudience } from './application/messaging-audience.js';
import { crmLeadIntake } from './application/channel-leads.js';
import { crmUsageMeters } from './infrastructure/usage-meters.js';
import type { ModuleDefinition } from '../../platform/module.js';
import { conversionLeadHandler } from './application/conversion-leads.js';
import { importContactsJob } from './application/import-contacts.job.js';
import { contactSyncJob, contactSyncScheduleJob } from './application/contact-sync.job.js';
import { hubspotErasureHandler } from './application/hubspot-erasure.js';
import { salesforceErasureHandler } from './application/salesforce-erasure.js';
import { syncRunners, type SyncedProvider } from './application/sync-runners.js';
import { crmRoutes } from './http/crm.routes.js';
import { registerCrmMcp } from './mcp/crm.mcp.js';
import { seedCrmDemo } from './application/demo-seed.js';
import { demoHistoryHandler, demoHistoryJob } from './application/demo-history.job.js';
import { formSubmitRoutes } from './http/form-submit.routes.js';
import { intelligenceEventHandlers, intelligenceJobs } from './application/intelligence.js';

export {
  crmEventTypes,
  type ConsentChangedPayload,
  type ContactUpdatedPayload,
  type ContactsMergedPayload,
  type CrmEventType,
  type DealLostPayload,
  type DealPayload,
  type DealStageChangedPayload,
  type LeadCapturedPayload,
  type LeadSource,
  type MessageChannel,
  type MessageReceivedPayload,
  type MessageSentPayload,
  type PersonErasedPayload,
} from './domain/crm-events.js';
export {
  crmChangedScopes,
  crmScopeFacts,
  type ChangedCrmScope,
  type CrmFactRow,
  type CrmScope,
} from './application/analytics-source.js';
export { seedCrmAtScale, type CrmSeedReport } from './application/demo-seed.js';
export {
  defineAudienceSegment,
  segmentSummary,
  type AudienceSegmentInput,
  type SegmentSummary,
} from './application/segments.js';

/**
 * PromptCRM: contacts/leads and companies with encrypted personal data, lead capture from every
 * source (ads conversions, web forms, CSV, API), pipelines and deals, the interactions timeline
 * with messaging adapters, consent and privacy (export, erasure), scoring, segments and
 * automations.
 */
export const crmModule: ModuleDefinition = {
  name: 'crm',
  routes: crmRoutes,
  usage: crmUsageMeters,
  references: crmReferences,
  messagingAudience: crmMessagingAudience,
  leadIntake: crmLeadIntake,
  mcp: registerCrmMcp,
  seed: async (runtime, signal) => {
    await seedCrmDemo(runtime, signal);
  },
  rootRoutes: formSubmitRoutes,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [
    ...intelligenceJobs(runtime),
    importContactsJob(runtime),
    demoHistoryJob(runtime),
    ...(Object.keys(syncRunners) as SyncedProvider[]).flatMap((provider) => [
      contactSyncJob(runtime, provider),
      contactSyncScheduleJob(runtime, provider),
    ]),
  ],
  eventHandlers: (runtime) => [
    conversionLeadHandler(runtime),
    demoHistoryHandler(runtime),
    hubspotErasureHandler(runtime),
    salesforceErasureHandler(runtime),
    ...intelligenceEventHandlers(runtime),
  ],
};

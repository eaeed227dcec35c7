import type { EventHandler } from '../../../platform/events/domain-event.js';
import type { JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  automationEventHandlers,
  automationScheduleJob,
  automationStepJob,
} from './automation-runs.js';
import { chatbotEventHandlers } from './chatbot.js';
import { scrubErasedIdentifiersJob } from './erased-identifiers.job.js';
import { scoreContactsJob, scoringEventHandlers } from './scoring.js';
import { recomputeSegmentsJob, segmentEventHandlers } from './segments.js';

/**
 * The CRM's intelligence (segments, scoring, automations, chatbot) as the module registers it:
 * its jobs and event reactions in one place, so index.ts names them once.
 */
export function intelligenceJobs(runtime: Runtime): JobDefinition<never>[] {
  // Payload types differ; the platform checks each payload against its own schema.
  return [
    recomputeSegmentsJob(runtime) as never,
    scoreContactsJob(runtime) as never,
    automationStepJob(runtime) as never,
    automationScheduleJob(runtime) as never,
    // Privacy upkeep runs beside them: erasure events lose their identifiers once delivered.
    scrubErasedIdentifiersJob(runtime) as never,
  ];
}

export function intelligenceEventHandlers(runtime: Runtime): EventHandler<never>[] {
  return [
    ...segmentEventHandlers(runtime),
    ...scoringEventHandlers(runtime),
    ...automationEventHandlers(runtime),
    ...chatbotEventHandlers(runtime),
  ];
}

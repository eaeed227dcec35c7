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
export function intelligenceJobs(runtime: Runtime): JobDefinition<unknown>[] {
  // Payload types differ; the platform checks each payload against its own schema.
  return [
    recomputeSegmentsJob(runtime),
    scoreContactsJob(runtime),
    automationStepJob(runtime),
    automationScheduleJob(runtime),
    // Privacy upkeep runs beside them: erasure events lose their identifiers once delivered.
    scrubErasedIdentifiersJob(runtime),
  ];
}

export function intelligenceEventHandlers(runtime: Runtime): EventHandler<unknown>[] {
  return [
    ...segmentEventHandlers(runtime),
    ...scoringEventHandlers(runtime),
    ...automationEventHandlers(runtime),
    ...chatbotEventHandlers(runtime),
  ];
}

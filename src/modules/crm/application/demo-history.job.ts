import { z } from 'zod';
import type { EventHandler } from '../../../platform/events/domain-event.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { adsEventTypes, type DemoHistorySeededPayload } from '../../ads/index.js';
import { seedCrmDemoHistory } from './demo-seed.js';

const payload = z.object({ orgId: z.uuid() });
type DemoHistoryPayload = z.infer<typeof payload>;

const demoHistoryQueue = { name: 'crm.seed-demo-history', payload } as const;

/**
 * Writes the CRM side of the demo's campaign history in the background. Stopped by shutdown, it
 * fails and its retry carries on from the people already written.
 */
export function demoHistoryJob(runtime: Runtime): JobDefinition<DemoHistoryPayload> {
  return defineJob({
    ...demoHistoryQueue,
    concurrency: 1,
    coalesce: true,
    retryLimit: 20,
    expireInSeconds: 3600,
    async handle({ orgId }, context) {
      const report = await seedCrmDemoHistory(runtime, orgId, context.signal);
      if (context.signal.aborted) throw new Error('crm demo history interrupted by shutdown');
      context.log.info(report, 'crm demo history seeded');
    },
  });
}

/** PromptAds finished its demo history: queue the CRM's (once per organisation at a time). */
export function demoHistoryHandler(runtime: Runtime): EventHandler<DemoHistorySeededPayload> {
  return {
    name: 'crm.seed-demo-history',
    eventType: adsEventTypes.demoHistorySeeded,
    async handle(event) {
      await runtime.jobs.send(
        demoHistoryJob(runtime),
        { orgId: event.payload.orgId },
        { singletonKey: `crm.seed-demo-history:${event.payload.orgId}` },
      );
    },
  };
}

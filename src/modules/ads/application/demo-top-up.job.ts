import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { demoOrganizationId } from '../../identity/index.js';
import { adsEventTypes, type DemoHistorySeededPayload } from '../domain/ads-events.js';
import { defaultDemoCampaigns, demoCampaignHistory, seedAdsDemo } from './demo-seed.js';

const payload = z.object({ target: z.number().int().min(1).max(100_000) });
export type DemoTopUpPayload = z.infer<typeof payload>;

/** Campaigns written between progress logs (and between checks for shutdown). */
const batch = 25;

export const demoTopUpQueue = { name: 'ads.top-up-demo', payload } as const;

/**
 * Grows the demo to the case's campaign history in the background, so a start-up seeds a few
 * campaigns and serves at once, then says so (`ads.demo-history-seeded`: the CRM adds those
 * campaigns' leads and sales). Stopped by shutdown, it fails and its retry carries on from the
 * campaigns already written.
 */
export function demoTopUpJob(runtime: Runtime): JobDefinition<DemoTopUpPayload> {
  return defineJob({
    ...demoTopUpQueue,
    concurrency: 1,
    // A restart during the top-up asks for it again: one waiting run is enough.
    coalesce: true,
    retryLimit: 20,
    expireInSeconds: 4 * 3600,
    async handle({ target }, context) {
      let missing = target;
      while (missing > 0) {
        if (context.signal.aborted) throw new Error('demo top-up interrupted by shutdown');
        missing = await seedAdsDemo(runtime, target, { atMost: batch, signal: context.signal });
        context.log.info({ target, missing }, 'ads demo top-up progress');
      }
      const orgId = await demoOrganizationId(runtime);
      if (orgId)
        await runtime.events.publish<DemoHistorySeededPayload>(runtime.db, {
          type: adsEventTypes.demoHistorySeeded,
          orgId,
          payload: { orgId, campaigns: target },
        });
    },
  });
}

/** The demo seed's start: a few campaigns now, the rest of the history by the top-up job. */
export async function seedAdsDemoWithHistory(
  runtime: Runtime,
  signal?: AbortSignal,
): Promise<void> {
  await seedAdsDemo(runtime, defaultDemoCampaigns, { signal });
  if (signal?.aborted) return;
  await runtime.jobs.send(
    demoTopUpJob(runtime),
    { target: demoCampaignHistory },
    // After the other modules' seeds, which read the campaigns present, have had their turn.
    { singletonKey: 'ads.top-up-demo', startAfterSeconds: 30 },
  );
}

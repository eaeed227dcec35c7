import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { activeSyncConnections } from '../infrastructure/sync-connections.repository.js';
import { runHubSpotSync } from './hubspot-sync.js';

const syncPayload = z.object({ orgId: z.uuid() });

/**
 * One organisation's HubSpot sync. Coalescing, keyed by organisation: however often it is asked
 * for while one waits, one run follows.
 */
export function hubspotSyncJob(runtime: Runtime): JobDefinition<z.infer<typeof syncPayload>> {
  return defineJob({
    name: 'crm.sync-hubspot',
    payload: syncPayload,
    coalesce: true,
    // A run that failed is recorded; the next scheduled one resumes from the cursors.
    retryLimit: 0,
    expireInSeconds: 1800,
    handle: async ({ orgId }) => {
      await runHubSpotSync(runtime, orgId, 'schedule');
    },
  });
}

/** Every 15 minutes, a sync for each organisation with an active HubSpot connection. */
export function hubspotSyncScheduleJob(runtime: Runtime): JobDefinition<Record<string, never>> {
  const job = hubspotSyncJob(runtime);
  return defineJob({
    name: 'crm.schedule-hubspot-syncs',
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '*/15 * * * *',
    handle: async () => {
      for (const orgId of await activeSyncConnections(runtime.db, 'hubspot'))
        await runtime.jobs.send(job, { orgId }, { singletonKey: orgId });
    },
  });
}

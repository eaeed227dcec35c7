import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { activeSyncConnections } from '../infrastructure/sync-connections.repository.js';
import { syncRunners, type SyncedProvider } from './sync-runners.js';

const syncPayload = z.object({ orgId: z.uuid() });

/**
 * One organisation's sync with a provider (`crm.sync-hubspot`, `crm.sync-salesforce`).
 * Coalescing, keyed by organisation: however often it is asked for while one waits, one run
 * follows.
 */
export function contactSyncJob(
  runtime: Runtime,
  provider: SyncedProvider,
): JobDefinition<z.infer<typeof syncPayload>> {
  return defineJob({
    name: `crm.sync-${provider}`,
    payload: syncPayload,
    coalesce: true,
    // A run that failed is recorded; the next scheduled one resumes from the cursors.
    retryLimit: 0,
    expireInSeconds: 1800,
    handle: async ({ orgId }) => {
      await syncRunners[provider](runtime, orgId, 'schedule');
    },
  });
}

/** Every 15 minutes, a sync for each organisation with an active connection to the provider. */
export function contactSyncScheduleJob(
  runtime: Runtime,
  provider: SyncedProvider,
): JobDefinition<Record<string, never>> {
  const job = contactSyncJob(runtime, provider);
  return defineJob({
    name: `crm.schedule-${provider}-syncs`,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    cron: '*/15 * * * *',
    handle: async () => {
      for (const orgId of await activeSyncConnections(runtime.db, provider))
        await runtime.jobs.send(job, { orgId }, { singletonKey: orgId });
    },
  });
}

import { z } from 'zod';
import { userFacingReason } from '../../../platform/errors/user-facing-reason.js';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import { retryTransient } from '../../../platform/jobs/retry-transient.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findBrandKit } from '../infrastructure/brand-kits.repository.js';
import {
  countGenerated,
  moveContentRequest,
} from '../infrastructure/content-requests.repository.js';
import { deleteAssetsOfRequest } from '../infrastructure/assets.repository.js';
import { contentServicesFor } from './content-services.js';
import { generateAsset } from './generate-content.js';

const payload = z.object({ orgId: z.uuid(), requestId: z.uuid() });
export type GenerateAssetsPayload = z.infer<typeof payload>;

/** The queue definition, for `send` (the handler needs the runtime, see generateAssetsJob). */
export const generateAssetsQueue = {
  name: 'content.generate-assets',
  payload,
  // A generation that fails is recorded on the request with its reason and the user retries
  // (POST …/retry). pg-boss retries runs that never finished (a crash, a shutdown) and runs that
  // met a transient database error: backed off from 5 s up to 5 min, about 40 min in all, so a
  // restart, a failover or a starved pool delays the work instead of failing it.
  retryLimit: 10,
  retryDelaySeconds: 5,
  retryDelayMaxSeconds: 300,
  // Generation mostly waits on the provider, so one worker runs many at once: 100 requests of
  // 2 s provider time took 15.7 s at 16 and 5.0 s at 256 (docs/content.md); 512 keeps the
  // benchmark's 450 in flight. Many small batches: a poller holds its batch until the last job
  // ends, so requests arriving one by one would otherwise queue behind a few busy pollers. The
  // gateway's bulkhead (AI_MAX_CONCURRENCY) still bounds calls in flight per endpoint. No run
  // holds a connection across a provider call (or a transaction at all), so runs beyond the pool
  // only queue per statement for a connection.
  concurrency: 512,
  waitsOn: 'provider',
  pollers: 32,
  expireInSeconds: 300,
} as const;

/**
 * Generates a request's assets through the AI gateway: queued → generating → completed, or
 * failed with the reason. At-least-once delivery: a request that is no longer queued is skipped,
 * and a redelivered one that crashed mid-way starts over from its own partial assets removed.
 */
export function generateAssetsJob(runtime: Runtime): JobDefinition<GenerateAssetsPayload> {
  return defineJob({
    ...generateAssetsQueue,
    async handle({ orgId, requestId }, job) {
      const { db } = runtime;
      // A redelivery (attempt > 0) follows a run that stopped midway and left it generating.
      const from = job.attempt > 0 ? (['queued', 'generating'] as const) : (['queued'] as const);
      const started = await moveContentRequest(db, orgId, requestId, from, 'generating', {
        startedAt: new Date().toISOString(),
        generated: 0,
        failureReason: null,
        countAttempt: true,
      });
      if (!started) {
        job.log.info({ requestId }, 'content request is no longer queued; skipping');
        return;
      }
      const { gateway, storage } = contentServicesFor(runtime);
      try {
        // Only a rerun (redelivery or retry) can find assets of an earlier, partial run.
        const [, kit] = await Promise.all([
          started.attempts > 1 ? deleteAssetsOfRequest(db, orgId, requestId) : undefined,
          started.brief.brandKitId ? findBrandKit(db, orgId, started.brief.brandKitId) : undefined,
        ]);
        const context = {
          db,
          gateway,
          storage,
          orgId,
          userId: started.createdBy,
          requestId,
          brief: started.brief,
          kit,
        };
        // Variants are independent provider calls: generated side by side (the gateway's
        // bulkhead bounds calls in flight), each counted as it lands.
        const outcomes = await Promise.allSettled(
          Array.from({ length: started.expected }, async (_, index) => {
            if (job.signal.aborted) throw new Error('Generation was interrupted by a shutdown');
            await generateAsset(context, index + 1);
            if (started.expected > 1) await countGenerated(db, orgId, requestId);
          }),
        );
        const failure = outcomes.find((o) => o.status === 'rejected');
        if (failure) throw failure.reason;
        await moveContentRequest(db, orgId, requestId, ['generating'], 'completed', {
          generated: started.expected,
          finishedAt: new Date().toISOString(),
        });
      } catch (error) {
        // Stopped by a shutdown, or the database was briefly away: leave it generating for
        // pg-boss to deliver again (the rerun starts over from its partial assets removed).
        if (job.signal.aborted || retryTransient(error, job)) throw error;
        job.log.warn({ err: error, requestId }, 'content generation failed');
        await moveContentRequest(db, orgId, requestId, ['generating'], 'failed', {
          failureReason: userFacingReason(error),
          finishedAt: new Date().toISOString(),
        });
      }
    },
  });
}

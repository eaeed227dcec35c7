import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { dayOf, tickOf } from '../domain/delivery-tick.js';
import {
  duePageBoundary,
  finishEndedPausedCampaigns,
  type DeliveryPage,
} from '../infrastructure/delivery.repository.js';
import { deliveryJob } from './delivery.job.js';

/** Due campaigns per delivery job: small enough that one slow channel holds up few campaigns. */
export const deliveryPageSize = 100;

const payload = z.object({
  /** The tick to deliver (default: the current minute); tests and benchmarks name one. */
  tick: z.iso.datetime({ offset: true }).optional(),
});

/**
 * Every minute: pages through all due campaigns of every organisation by id (keyset, reading
 * only page boundaries from the index) and enqueues one delivery job per page, which the
 * workers share. Paused campaigns are not due; those past their end date are finished here.
 */
export function deliveryTickJob(runtime: Runtime): JobDefinition<z.infer<typeof payload>> {
  return defineJob({
    name: 'ads.delivery-tick',
    payload,
    cron: '* * * * *',
    retryLimit: 2,
    retryDelaySeconds: 5,
    concurrency: 1,
    async handle({ tick: named }) {
      const tick = (named ? new Date(named) : tickOf(new Date())).toISOString();
      const pages = await deliveryPages(runtime, tick);
      await runtime.jobs.sendMany(deliveryJob(runtime), pages);
    },
  });
}

/** The tick's delivery pages: (afterId, throughId] slices of the due campaigns' ids. */
export async function deliveryPages(runtime: Runtime, tick: string): Promise<DeliveryPage[]> {
  const today = dayOf(new Date(tick));
  await finishEndedPausedCampaigns(runtime.db, today);
  const pages: DeliveryPage[] = [];
  let afterId: string | undefined;
  for (;;) {
    const throughId = await duePageBoundary(runtime.db, today, afterId, deliveryPageSize);
    // The last page is open-ended: campaigns that became due meanwhile are delivered too.
    pages.push({ tick, ...(afterId ? { afterId } : {}), ...(throughId ? { throughId } : {}) });
    if (!throughId) return pages;
    afterId = throughId;
  }
}

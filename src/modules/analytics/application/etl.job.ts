import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { etlSlot } from '../domain/etl-schedule.js';
import { runEtl } from './run-etl.js';

const payload = z.object({ trigger: z.enum(['schedule', 'manual']).default('schedule') });

/**
 * The summary ETL. pg-boss fires it every minute; a scheduled firing runs only in the first minute
 * of each 11-minute period (see etlSlot) and only once per period across workers (the run's slot
 * is unique). `POST /analytics/etl-runs` sends it with `trigger: manual` to run at once.
 */
export function etlJob(runtime: Runtime): JobDefinition<z.input<typeof payload>> {
  return defineJob({
    name: 'analytics.etl',
    payload,
    cron: '* * * * *',
    concurrency: 1,
    // A manual run asked for while one waits is that run (the route answers `queued: false`).
    coalesce: true,
    retryLimit: 2,
    expireInSeconds: 1_800,
    async handle(data, { signal }) {
      const { trigger } = payload.parse(data);
      await runEtl(
        runtime,
        trigger === 'manual' ? { trigger, signal } : { trigger, slot: etlSlot(new Date()), signal },
      );
    },
  });
}

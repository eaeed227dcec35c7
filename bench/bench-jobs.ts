import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../src/platform/jobs/job-definition.js';
import type { Runtime } from '../src/platform/runtime.js';

/**
 * The background-jobs scenario's work: a request writes a row and enqueues a job in one
 * transaction (as product routes enqueue theirs), and the job marks the row done (a short write).
 * Product paths that enqueue one job per request (content generation, CSV imports) spend their
 * time in AI calls or parsing, which other scenarios measure; this one measures the job runner.
 */

export const benchJobQueue = 'bench.record-run';

const runPayload = z.object({ orgId: z.uuid(), runId: z.uuid() });

export function benchRunJob(runtime: Runtime): JobDefinition<z.infer<typeof runPayload>> {
  return defineJob({
    name: benchJobQueue,
    payload: runPayload,
    async handle({ orgId, runId }) {
      // Idempotent, as every handler must be: a retried job finds the row already done.
      await runtime.database.query(
        sql`update bench.job_runs set done_at = now()
            where org_id = ${orgId} and id = ${runId} and done_at is null`,
      );
    },
  });
}

const enqueueBody = z.object({ orgId: z.uuid(), note: z.string().min(1).max(200) });
const enqueued = z.object({ id: z.uuid() });
const summaryQuery = z.object({
  since: z.iso.datetime({ offset: true }),
  /** `completedInTime` counts the jobs completed by then. */
  completedBy: z.iso.datetime({ offset: true }),
});
const summary = z.object({
  enqueued: z.number().int(),
  /** Time between the first and the last job's `created_on`, in ms. */
  enqueuedOverMs: z.number(),
  completed: z.number().int(),
  completedInTime: z.number().int(),
  failed: z.number().int(),
  /** Jobs not yet completed or failed (queued, running or waiting for a retry). */
  open: z.number().int(),
  /** Rows the jobs marked done: cross-checks that `completed` did the work. */
  rowsDone: z.number().int(),
  /** Queue wait (pg-boss `started_on - created_on`) of the jobs that started, in ms. */
  waitMs: z.object({ p50: z.number(), p99: z.number(), max: z.number() }).nullable(),
});
export type BenchJobSummary = z.infer<typeof summary>;

type SummaryRow = Record<string, number | string | null>;

export const benchJobRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const runJob = benchRunJob(runtime);
  app.post(
    '/bench/job-runs',
    {
      config: { public: true },
      schema: { hide: true, body: enqueueBody, response: { 202: enqueued } },
    },
    async (request, reply) => {
      const id = uuidv7();
      const { orgId, note } = request.body;
      await runtime.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bench.job_runs (org_id, id, note) values (${orgId}, ${id}, ${note})`,
        );
        await runtime.jobs.send(runJob, { orgId, runId: id }, { transaction: tx });
      });
      return reply.code(202).send({ id });
    },
  );

  /** The bench queue's jobs created since a time, read live from pg-boss's job table. */
  app.get(
    '/bench/job-runs',
    {
      config: { public: true },
      schema: { hide: true, querystring: summaryQuery, response: { 200: summary } },
    },
    async (request) => {
      const { since, completedBy } = request.query;
      // pg-boss 12 keeps completed jobs in pgboss.job (there is no archive table any more) until
      // the queue's deletion period ends.
      const [jobs] = await runtime.database.query<SummaryRow>(sql`
        select count(*) as enqueued,
               extract(epoch from max(created_on) - min(created_on)) * 1000 as enqueued_over,
               count(*) filter (where state = 'completed') as completed,
               count(*) filter (where state = 'completed'
                                  and completed_on <= ${completedBy}::timestamptz) as in_time,
               count(*) filter (where state = 'failed') as failed,
               count(*) filter (where state not in ('completed', 'failed', 'cancelled')) as open,
               percentile_cont(0.5) within group (order by wait_ms) as p50,
               percentile_cont(0.99) within group (order by wait_ms) as p99,
               max(wait_ms) as max
        from (select state, created_on, completed_on,
                     extract(epoch from started_on - created_on) * 1000 as wait_ms
              from pgboss.job
              where name = ${benchJobQueue} and created_on >= ${since}::timestamptz) as runs`);
      const [rows] = await runtime.database.query<SummaryRow>(
        sql`select count(*) as done from bench.job_runs
            where requested_at >= ${since}::timestamptz and done_at is not null`,
      );
      const count = (value: number | string | null | undefined) => Number(value ?? 0);
      return {
        enqueued: count(jobs?.enqueued),
        enqueuedOverMs: count(jobs?.enqueued_over),
        completed: count(jobs?.completed),
        completedInTime: count(jobs?.in_time),
        failed: count(jobs?.failed),
        open: count(jobs?.open),
        rowsDone: count(rows?.done),
        waitMs:
          jobs?.p50 === null || jobs?.p50 === undefined
            ? null
            : { p50: count(jobs.p50), p99: count(jobs.p99), max: count(jobs.max) },
      };
    },
  );
};

/** The table the scenario's requests and jobs write (raw SQL: never part of the migrations). */
export async function prepareBenchJobTable(runtime: Runtime): Promise<void> {
  await runtime.database.query(sql`
    create table if not exists bench.job_runs (
      org_id uuid not null,
      id uuid not null,
      note text not null,
      requested_at timestamptz not null default now(),
      done_at timestamptz,
      primary key (org_id, id)
    )`);
}

import { setTimeout } from 'node:timers/promises';
import { uuidv7 } from 'uuidv7';
import { call, drainJobs } from './bench-api.js';
import type { BenchJobSummary } from './bench-jobs.js';
import type { Checked, Scenario } from './scenarios.js';

/**
 * Background work at the case's rate (docs/architecture.md §11): 300 jobs a minute sustained with a
 * p99 queue wait of at most 2 s, with the worker as its own process.
 *
 * `POST /api/v1/bench/job-runs` is paced at 5/s (autocannon sends each second's five at the start
 * of that second): each request writes a row and enqueues its job in one transaction, and the job
 * (run by bench/worker-server.ts on PostgreSQL) marks the row done. After the run the scenario
 * reads pg-boss's own timestamps for the jobs enqueued during it: queue wait is
 * `started_on - created_on`, and the jobs per minute are those completed by 2 s after the run (the
 * wait the budget allows the last ones) per minute of enqueueing (first batch to one second after
 * the last), so a worker that falls behind shows fewer. Over budget is a problem in a full run (at least 60 s) and a note in --smoke (3 s).
 */

const budget = { jobsPerMinute: 300, waitP99Ms: 2_000 };
/**
 * One connection per job of a second's batch, so a slow answer never holds back the next request
 * (one connection at ~250 ms a request offered only 4/s on a busy machine).
 */
const connections = budget.jobsPerMinute / 60;
/** How long after the run the scenario waits for its last jobs before counting them as open. */
const settleLimitMs = 30_000;

let smoke = false;
let serverUrl: string | undefined;
const orgId = uuidv7();

const summaryOf = (url: string, since: Date, completedBy: Date) =>
  call<BenchJobSummary>(
    url,
    null,
    'GET',
    `/api/v1/bench/job-runs?since=${since.toISOString()}&completedBy=${completedBy.toISOString()}`,
  );

/** The run's jobs once none is open any more (or the limit has passed). */
async function settledSummary(url: string, startedAt: Date, endedAt: Date) {
  const completedBy = new Date(endedAt.getTime() + budget.waitP99Ms);
  const deadline = endedAt.getTime() + settleLimitMs;
  for (;;) {
    const summary = await summaryOf(url, startedAt, completedBy);
    if (summary.open === 0 || Date.now() > deadline) return summary;
    await setTimeout(250);
  }
}

async function check(run: {
  after: { worksJobs?: boolean };
  ok: number;
  startedAt: Date;
  endedAt: Date;
}): Promise<Checked> {
  if (!serverUrl) return { problems: ['prepare() did not run'], notes: [] };
  const { ok, startedAt, endedAt } = run;
  const summary = await settledSummary(serverUrl, startedAt, endedAt);
  // autocannon sends a batch at the start of each second: the jobs were offered from the first
  // batch until one second after the last (the run's own bounds add a batch or not by a few ms).
  const minutes = (summary.enqueuedOverMs + 1_000) / 60_000;
  const jobsPerMinute = Math.round(summary.completedInTime / minutes);
  const offeredPerMinute = Math.round(summary.enqueued / minutes);
  const wait = summary.waitMs;

  // Errors, in a smoke run too: the work the 202s promised was not done.
  const problems: string[] = [];
  if (summary.completed === 0) problems.push('no job completed at all');
  if (summary.failed > 0) problems.push(`${summary.failed} jobs failed`);
  // Each connection may leave one request in flight when the warm-up stops and one when the run
  // stops: they commit without being counted (the warm-up's within the run's window).
  if (summary.enqueued < ok || summary.enqueued > ok + 2 * connections)
    problems.push(`${ok} requests answered 202 but ${summary.enqueued} jobs were enqueued`);
  // A running job may have marked its row before pg-boss records it completed: only fewer counts.
  if (summary.rowsDone < summary.completed)
    problems.push(`${summary.completed} jobs completed but ${summary.rowsDone} rows marked done`);

  const overBudget: string[] = [];
  if (jobsPerMinute < budget.jobsPerMinute)
    overBudget.push(`${jobsPerMinute} jobs/min completed (budget ≥ ${budget.jobsPerMinute})`);
  if (!wait || wait.p99 > budget.waitP99Ms)
    overBudget.push(
      `queue wait p99 ${wait ? Math.round(wait.p99) : '-'} ms (budget ≤ ${budget.waitP99Ms})`,
    );
  if (summary.open > 0)
    overBudget.push(`${summary.open} jobs still open ${settleLimitMs / 1000} s after the run`);

  const where =
    run.after.worksJobs === false
      ? 'jobs ran in a separate worker process'
      : 'jobs ran in the app server process (embedded: PGlite is single-process; the budget is for a separate worker on PostgreSQL)';
  const waits = wait
    ? `p50 ${Math.round(wait.p50)} ms, p99 ${Math.round(wait.p99)} ms, max ${Math.round(wait.max)} ms`
    : 'no job started';
  return {
    problems: smoke ? problems : [...problems, ...overBudget],
    notes: [
      where,
      `${summary.enqueued} jobs enqueued (${offeredPerMinute}/min), ${summary.completedInTime} completed by 2 s after the run: ${jobsPerMinute} jobs/min (budget ≥ ${budget.jobsPerMinute})`,
      `queue wait (pg-boss started_on − created_on): ${waits} (budget p99 ≤ ${budget.waitP99Ms} ms)`,
      ...(smoke ? overBudget.map((miss) => `over budget (smoke, not enforced): ${miss}`) : []),
    ],
    figures: {
      jobsEnqueued: summary.enqueued,
      jobsCompleted: summary.completed,
      jobsPerMinute,
      ...(wait
        ? { queueWaitP50Ms: wait.p50, queueWaitP99Ms: wait.p99, queueWaitMaxMs: wait.max }
        : {}),
    },
  };
}

const backgroundJobs: Scenario = {
  name: 'background-jobs',
  server: 'app',
  worker: true,
  description: `POST /api/v1/bench/job-runs at ${budget.jobsPerMinute}/min: a row and its job in one transaction, the worker marks the row done; jobs/min and queue wait from pg-boss`,
  // At least a minute in a full run: "sustained" is the budget's word.
  get load() {
    return {
      connections,
      overallRate: budget.jobsPerMinute / 60,
      minDurationSeconds: smoke ? 3 : 60,
    };
  },
  beforeStart: async (run) => {
    smoke = run.smoke;
    return {};
  },
  async prepare(url) {
    serverUrl = url;
    // Measure this queue's wait, not a backlog left by other scenarios on the same database.
    await drainJobs(url);
  },
  requests: () => [
    {
      method: 'POST',
      path: '/api/v1/bench/job-runs',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orgId, note: 'bench job' }),
    },
  ],
  check,
};

export const jobsScenarios: readonly Scenario[] = [backgroundJobs];

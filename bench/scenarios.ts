import type autocannon from 'autocannon';
import { uuidv7 } from 'uuidv7';
import { adsScenarios } from './ads-scenarios.js';
import { analyticsScenarios } from './analytics-scenarios.js';
import { authScenarios } from './auth-scenarios.js';
import { benchItemCount } from './bench-module.js';
import { contentScenarios } from './content-scenarios.js';
import { crmScenarios } from './crm-scenarios.js';
import { deliveryScenarios } from './delivery-scenarios.js';
import { jobsScenarios } from './jobs-scenarios.js';
import { listScenarios } from './list-scenarios.js';
import type { ServerStats } from './ipc.js';
import { portalScenarios } from './portal-scenarios.js';

export interface Checked {
  problems: string[];
  notes: string[];
  /** Figures measured besides the load, kept in the JSON results (e.g. `jobsPerMinute`). */
  figures?: Record<string, number>;
}

export interface Scenario {
  name: string;
  /** Which child server answers: the raw node:http ceiling or the real application. */
  server: 'ceiling' | 'app';
  description: string;
  /**
   * Job handlers run in a separate worker process (bench/worker-server.ts), as in production: the
   * scenario gets an app server of its own with JOBS_IN_PROCESS=false beside that worker. On the
   * embedded stack (PGlite is single-process) the app server runs the jobs itself.
   */
  worker?: boolean;
  /** The status a successful response has, when not 2xx (e.g. 302 for a redirect). */
  successStatus?: number;
  requests(): autocannon.Request[];
  /** Runs once against the started server before the warm-up (e.g. to obtain a token). */
  prepare?(url: string): Promise<void>;
  /**
   * Checks that the server did the work the responses claim (not the figures): returns problems.
   * `before`/`after` are the server's counters around the measured run, `startedAt`/`endedAt` its
   * wall-clock bounds.
   */
  check?(run: {
    before: ServerStats;
    after: ServerStats;
    ok: number;
    connections: number;
    startedAt: Date;
    endedAt: Date;
  }): Checked | Promise<Checked>;
  /** This scenario's load shape where it differs from the run's (e.g. a paced side route). */
  load?: { connections?: number; overallRate?: number; minDurationSeconds?: number };
  /**
   * Work started with the measured run (not the warm-up) and awaited after it, e.g. a burst of
   * long generations while the load measures another route; its problems and notes are added.
   */
  alongside?(url: string): Promise<{ problems: string[]; notes: string[] }>;
  /**
   * Runs before the app server starts; its variables are added to the server's environment.
   * `smoke` says the run is the short CI check (a scenario may prepare less data for it).
   */
  beforeStart?(run: { smoke: boolean }): Promise<NodeJS.ProcessEnv>;
  /**
   * How long the app server may take to start when this scenario is selected (default 120 s):
   * data seeded before it listens (`beforeStart`'s variables) can take minutes.
   */
  startTimeoutSeconds?: number;
  /** Runs when the benchmark ends (stops what `beforeStart` started). */
  cleanup?(): Promise<void>;
}

export const ceilingScenario: Scenario = {
  name: 'node-http-ceiling',
  server: 'ceiling',
  description: 'raw node:http answering a small JSON body (the ceiling)',
  requests: () => [{ method: 'GET', path: '/' }],
};

const cachedRead: Scenario = {
  name: 'cached-read',
  server: 'app',
  description: `GET /api/v1/bench/items/:id over ${benchItemCount} ids through runtime.cache.getOrLoad`,
  requests() {
    let next = 0;
    return [
      {
        method: 'GET',
        setupRequest: (request) => {
          next = (next % benchItemCount) + 1;
          return { ...request, path: `/api/v1/bench/items/${next}` };
        },
      },
    ];
  },
  check: ({ before, after }) => ({
    problems: [],
    notes: [
      `cache: ${after.cacheBackend ?? '?'}, database loads during the run: ${(after.cacheLoads ?? 0) - (before.cacheLoads ?? 0)}`,
    ],
  }),
};

const databaseWrite: Scenario = {
  name: 'db-write',
  server: 'app',
  description: 'POST /api/v1/bench/writes: validate, insert one row in a transaction',
  requests() {
    const orgId = uuidv7();
    return [
      {
        method: 'POST',
        path: '/api/v1/bench/writes',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orgId, name: 'bench order', amount: 12_345, currency: 'EUR' }),
      },
    ];
  },
  check({ before, after, ok, connections }) {
    const rows = (after.writes ?? 0) - (before.writes ?? 0);
    // Requests still in flight when autocannon stops (after the warm-up and after the run) may
    // commit without being counted: at most one per connection each time.
    const problems =
      rows < ok || rows > ok + 2 * connections
        ? [`${ok} writes answered 201 but ${rows} rows were added`]
        : [];
    return { problems, notes: [`rows written during the run: ${rows}`] };
  },
};

// Content scenarios last: the requests they create leave generation jobs running behind them.
export const appScenarios: readonly Scenario[] = [
  cachedRead,
  databaseWrite,
  ...authScenarios,
  ...adsScenarios,
  ...analyticsScenarios,
  ...deliveryScenarios,
  ...portalScenarios,
  ...crmScenarios,
  ...listScenarios,
  ...contentScenarios,
  ...jobsScenarios,
];

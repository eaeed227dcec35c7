import type autocannon from 'autocannon';
import { runEtl } from '../src/modules/analytics/index.js';
import { demoAccounts, demoPassword } from '../src/modules/identity/index.js';
import type { Runtime } from '../src/platform/runtime.js';
import { call } from './bench-api.js';
import { analyticsDashboardCached, analyticsStoreEnv } from './analytics-dashboard-scenario.js';
import { recordFirstEtl } from './analytics-scale-module.js';
import type { Scenario } from './scenarios.js';

/**
 * The analytics query API (issue #14's budgets):
 * - `analytics-query`: `POST /api/v1/analytics/query` over the demo organisation's summary store
 *   (the server seeds `BENCH_ADS_DEMO_CAMPAIGNS` campaigns, default 1,000, 30 in --smoke, then runs
 *   the ETL once and reports its duration), as the demo analyst: spend, clicks, CTR, CPC and
 *   conversions over the last 90 days by channel, country, week or campaign, filtered to one
 *   campaign in every other request. Each request's `limit` differs from the previous 8,999, so
 *   its cache key does too: uncached.
 * - `analytics-query-cached`: eight fixed queries, answered from runtime.cache after their first.
 */

/** Called by the bench app server when a selected scenario asked for it (see beforeStart). */
export async function fillAnalyticsBenchStore(runtime: Runtime): Promise<void> {
  const started = Date.now();
  const result = await runEtl(runtime, { trigger: 'manual' });
  await recordFirstEtl(runtime, Date.now() - started);
  runtime.log.warn(
    { ms: Date.now() - started, sources: result?.sources },
    'bench: analytics store filled',
  );
}

let demo: { token: string; campaigns: string[] } | undefined;

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function prepare(url: string) {
  if (demo) return;
  const analyst = demoAccounts.find((account) => account.role === 'analyst')!;
  const { access_token: token } = await call<{ access_token: string }>(
    url,
    null,
    'POST',
    '/api/v1/auth/login',
    { email: analyst.email, password: demoPassword },
  );
  const page = await call<{ data: { id: string }[] }>(
    url,
    token,
    'GET',
    '/api/v1/campaigns?limit=100',
  );
  if (page.data.length === 0) throw new Error('analytics-query: the demo has no campaigns');
  demo = { token, campaigns: page.data.map((campaign) => campaign.id) };
}

const dimensionSets = [['channel'], ['country'], ['week'], ['campaign']];

function queryBody(next: number, distinct: boolean): string {
  const campaigns = demo!.campaigns;
  return JSON.stringify({
    metrics: ['spend', 'clicks', 'ctr', 'cpc', 'conversions'],
    dimensions: dimensionSets[next % dimensionSets.length],
    filters:
      next % 2 === 0
        ? [{ dimension: 'campaign', values: [campaigns[next % campaigns.length]] }]
        : [],
    dateRange: { from: inDays(-89), to: inDays(0) },
    limit: distinct ? 1_000 + (next % 9_000) : 100,
  });
}

function requests(distinct: boolean): autocannon.Request[] {
  if (!demo) throw new Error('analytics-query: prepare() did not run');
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/analytics/query',
      headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        next += 1;
        return { ...request, body: queryBody(distinct ? next : next % 8, distinct) };
      },
    },
  ];
}

const beforeStart = analyticsStoreEnv;

const uncached: Scenario = {
  name: 'analytics-query',
  server: 'app',
  description:
    'POST /api/v1/analytics/query: 90 days of spend, clicks, CTR, CPC, conversions by channel, country, week or campaign (uncached)',
  load: { connections: 10 },
  beforeStart,
  prepare,
  requests: () => requests(true),
  check: () => ({
    problems: [],
    notes: [`demo campaigns filtered on: ${demo?.campaigns.length ?? 0}; p97.5 bounds the p95`],
  }),
};

const cached: Scenario = {
  name: 'analytics-query-cached',
  server: 'app',
  description: 'POST /api/v1/analytics/query: eight fixed queries answered from runtime.cache',
  beforeStart,
  prepare,
  requests: () => requests(false),
};

interface ScaleFigures {
  events: number;
  seedMs: number;
  storeRows: number;
  firstEtlMs: number;
}
interface DeltaFigures {
  changedRows: number;
  etlMs: number;
  rowsRead: number;
  rowsWritten: number;
}

/** Issue #14 item 7's budget for an ETL run over one 11-minute delta. */
const deltaBudgetMs = 60_000;
let serverUrl: string | undefined;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const atScale: Scenario = {
  name: 'analytics-10m',
  server: 'app',
  description:
    'POST /api/v1/analytics/query (uncached, as analytics-query) over BENCH_ANALYTICS_EVENTS ad events of one organisation (10 million), then one 11-minute delta ETL run',
  load: { connections: 10 },
  // Seeding 10 million events and the first ETL run over them take minutes before it listens.
  startTimeoutSeconds: 3_600,
  beforeStart: async ({ smoke }) => ({
    ...(await beforeStart({ smoke })),
    BENCH_ANALYTICS_EVENTS: process.env.BENCH_ANALYTICS_EVENTS ?? (smoke ? '20000' : '10000000'),
  }),
  async prepare(url) {
    serverUrl = url;
    await prepare(url);
  },
  requests: () => requests(true),
  async check() {
    const url = serverUrl!;
    const scale = await call<ScaleFigures>(url, null, 'GET', '/api/v1/bench/analytics-scale');
    // After the load: the delta run is measured on its own, as the schedule runs it.
    const delta = await call<DeltaFigures>(
      url,
      null,
      'POST',
      '/api/v1/bench/analytics-scale/delta',
    );
    const problems: string[] = [];
    if (scale.events === 0) problems.push('no ad events were seeded');
    if (delta.changedRows > 0 && delta.rowsRead < delta.changedRows)
      problems.push(`the delta run read ${delta.rowsRead} of ${delta.changedRows} changed rows`);
    if (delta.etlMs > deltaBudgetMs)
      problems.push(
        `the delta ETL run took ${seconds(delta.etlMs)} (budget ${seconds(deltaBudgetMs)})`,
      );
    return {
      problems,
      notes: [
        `ad events (ads.performance_daily rows) of the demo organisation: ${scale.events}, seeded in ${seconds(scale.seedMs)}`,
        `first ETL run over them: ${seconds(scale.firstEtlMs)}; store rows (analytics.daily_facts): ${scale.storeRows}`,
        `11-minute delta: ${delta.changedRows} source rows restated, ETL run ${seconds(delta.etlMs)} (budget ${seconds(deltaBudgetMs)}), ${delta.rowsRead} read, ${delta.rowsWritten} store rows written`,
        'uncached query budget: p95 ≤ 200 ms (autocannon reports p97.5, an upper bound of the p95)',
      ],
      figures: {
        events: scale.events,
        seedMs: scale.seedMs,
        storeRows: scale.storeRows,
        firstEtlMs: scale.firstEtlMs,
        deltaRows: delta.changedRows,
        deltaEtlMs: delta.etlMs,
      },
    };
  },
};

export const analyticsScenarios: readonly Scenario[] = [
  uncached,
  cached,
  analyticsDashboardCached,
  atScale,
];

import type autocannon from 'autocannon';
import { demoAccounts, demoPassword } from '../src/modules/identity/index.js';
import { call } from './bench-api.js';
import {
  breakdownMetrics,
  breakdownRows,
  kpiMetrics,
  rankedRows,
} from '../web/src/pages/dashboard-metrics.js';
import type { Scenario } from './scenarios.js';

/**
 * `analytics-dashboard-cached`: the reads the web app's dashboard makes (web/src/pages/
 * dashboard-page.tsx), as the demo analyst, answered from runtime.cache after their first: for
 * each of the presets 7, 30 and 90 days, the key figures against the period before, spend and
 * revenue by day, the breakdown by channel (25 rows), the top and bottom five campaigns and the
 * best five assets. Only metrics the catalogue allows the role are asked for, as the web app does.
 * This is issue #11's "cached dashboard read" (≥ 20,000/s, p99 ≤ 10 ms); `analytics-query-cached`
 * keeps the wider 100-row queries.
 */

/** The presets the bench replays (the year, 365 days, adds no new shape). */
const benchedPresets = [7, 30, 90];
const dayMs = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The server every analytics scenario asks for: the ads demo (1,000 campaigns, 30 in --smoke)
 * with its summary store filled.
 */
export const analyticsStoreEnv = async ({ smoke }: { smoke: boolean }) => ({
  BENCH_ADS_DEMO_CAMPAIGNS: process.env.BENCH_ADS_DEMO_CAMPAIGNS ?? (smoke ? '30' : '1000'),
  BENCH_ANALYTICS_STORE: 'true',
});

let bodies: string[] | undefined;
let token: string | undefined;

function dashboardQueries(allowed: ReadonlySet<string>, days: number): object[] {
  const today = Date.parse(`${isoDay(Date.now())}T00:00:00Z`);
  const range = { from: isoDay(today - (days - 1) * dayMs), to: isoDay(today) };
  const before = { from: isoDay(today - (2 * days - 1) * dayMs), to: isoDay(today - days * dayMs) };
  const only = (names: readonly string[]) => names.filter((name) => allowed.has(name));
  const rank = allowed.has('conversions') ? 'conversions' : 'leads';
  const ranked = (dimension: string, direction: 'asc' | 'desc') => ({
    metrics: [rank],
    dimensions: [dimension],
    filters: [{ dimension, operator: 'notIn', values: [''] }],
    dateRange: range,
    orderBy: [{ field: rank, direction }],
    limit: rankedRows,
  });
  return [
    { metrics: only(kpiMetrics), filters: [], dateRange: range, compareDateRange: before },
    {
      metrics: only(['spend', 'revenueWon']),
      dimensions: ['day'],
      filters: [],
      dateRange: range,
      limit: 1000,
    },
    {
      metrics: only(breakdownMetrics),
      dimensions: ['channel'],
      filters: [],
      dateRange: range,
      orderBy: [{ field: rank, direction: 'desc' }],
      limit: breakdownRows,
    },
    ranked('campaign', 'desc'),
    ranked('campaign', 'asc'),
    ranked('asset', 'desc'),
  ];
}

async function prepare(url: string) {
  if (bodies) return;
  const analyst = demoAccounts.find((account) => account.role === 'analyst')!;
  ({ access_token: token } = await call<{ access_token: string }>(
    url,
    null,
    'POST',
    '/api/v1/auth/login',
    {
      email: analyst.email,
      password: demoPassword,
    },
  ));
  const catalog = await call<{ metrics: { name: string; allowed: boolean }[] }>(
    url,
    token,
    'GET',
    '/api/v1/analytics/catalog',
  );
  const allowed = new Set(
    catalog.metrics.filter((metric) => metric.allowed).map((metric) => metric.name),
  );
  bodies = benchedPresets
    .flatMap((days) => dashboardQueries(allowed, days))
    .map((query) => JSON.stringify(query));
}

function requests(): autocannon.Request[] {
  if (!bodies || !token) throw new Error('analytics-dashboard-cached: prepare() did not run');
  const all = bodies;
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/api/v1/analytics/query',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        next = (next + 1) % all.length;
        return { ...request, body: all[next] };
      },
    },
  ];
}

export const analyticsDashboardCached: Scenario = {
  name: 'analytics-dashboard-cached',
  server: 'app',
  description:
    "POST /api/v1/analytics/query: the web dashboard's six queries at 7, 30 and 90 days, answered from runtime.cache",
  beforeStart: analyticsStoreEnv,
  prepare,
  requests,
};

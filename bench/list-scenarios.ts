import type autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';
import { call, signUpBenchOwner, type BenchOwner } from './bench-api.js';

/**
 * `list-million` (issue 11, item 3): one organisation with `BENCH_LIST_CONTACTS` contacts
 * (default 1,000,000; 5,000 in --smoke), written by SQL before the load. The load cycles through
 * four contact list pages — the first page, the page after it (keyset cursor), a filter
 * (lifecycle stage) and a name search ("maria", accents ignored) — and afterwards each is timed
 * alone, one request at a time, for its p95 (budget ≤ 50 ms; autocannon's own table shows p97.5
 * and p99 of the mix).
 */
const budgetMs = 50;
let smoke = false;
let total = 1_000_000;
let owner: BenchOwner | undefined;
let serverUrl = '';
let pages: { name: string; key: string; path: string }[] = [];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function timed(path: string, token: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${serverUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return performance.now() - started;
}

const listMillion: Scenario = {
  name: 'list-million',
  server: 'app',
  description:
    'GET /api/v1/contacts on one organisation of 1,000,000 contacts (5,000 in --smoke): first page, next page, a filter, a name search (budget p95 ≤ 50 ms each)',
  beforeStart: async (run) => {
    smoke = run.smoke;
    total = Number(process.env.BENCH_LIST_CONTACTS ?? (smoke ? 5_000 : 1_000_000));
    return {};
  },
  async prepare(url) {
    if (owner) return;
    serverUrl = url;
    owner = await signUpBenchOwner(url, 'lists');
    const written = await call<{ created: number; ms: number }>(
      url,
      null,
      'POST',
      '/api/v1/bench/lists/contacts',
      { orgId: owner.orgId, count: total },
    );
    process.stdout.write(
      `  list-million: ${written.created} contacts written in ${(written.ms / 1000).toFixed(1)} s\n`,
    );
    const first = await call<{ next_cursor: string | null }>(
      url,
      owner.token,
      'GET',
      '/api/v1/contacts?limit=25',
    );
    if (!first.next_cursor) throw new Error('list-million: the first page has no next page');
    pages = [
      { name: 'first page', key: 'firstPage', path: '/api/v1/contacts?limit=25' },
      {
        name: 'next page',
        key: 'nextPage',
        path: `/api/v1/contacts?limit=25&cursor=${first.next_cursor}`,
      },
      {
        name: 'filter',
        key: 'filter',
        path: '/api/v1/contacts?limit=25&lifecycle_stage=qualified',
      },
      { name: 'search', key: 'search', path: '/api/v1/contacts?limit=25&name=maria' },
    ];
  },
  requests(): autocannon.Request[] {
    if (!owner) throw new Error('list-million: prepare() did not run');
    const headers = { authorization: `Bearer ${owner.token}` };
    return pages.map(({ path }) => ({ method: 'GET', path, headers }));
  },
  async check() {
    const samples = smoke ? 20 : 200;
    const problems: string[] = [];
    const notes: string[] = [];
    const figures: Record<string, number> = {};
    // Round-robin, so what is left of the load's queue weighs on every page alike.
    const times = new Map(pages.map((page) => [page.key, [] as number[]]));
    for (let index = 0; index < samples; index++)
      for (const page of pages) times.get(page.key)!.push(await timed(page.path, owner!.token));
    for (const page of pages) {
      const p95 = percentile(times.get(page.key)!, 95);
      figures[`${page.key}P95Ms`] = Math.round(p95 * 10) / 10;
      notes.push(`${page.name}: p95 ${p95.toFixed(1)} ms over ${samples} requests one at a time`);
      if (!smoke && p95 > budgetMs)
        problems.push(`${page.name}: p95 ${p95.toFixed(1)} ms is over the ${budgetMs} ms budget`);
    }
    return { problems, notes, figures };
  },
};

export const listScenarios: readonly Scenario[] = [listMillion];

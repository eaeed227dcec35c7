import type autocannon from 'autocannon';
import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import type { Runtime } from '../src/platform/runtime.js';
import type { Scenario } from './scenarios.js';

/**
 * PromptAds under load (issue #5's benchmarks):
 * - `ads-redirect`: tracked-link redirects (`GET /t/{code}` → 302) over 200 links; the click is
 *   buffered and written in batches off the response path.
 * - `ads-conversions`: signed server-to-server conversions (`POST /api/v1/conversions`), each
 *   with a new event id and its HMAC-SHA256 signature computed by the load generator.
 * - `ads-performance`: the campaign performance query over the demo data (the server seeds the
 *   demo organisation with `BENCH_ADS_DEMO_CAMPAIGNS` campaigns, default 1,000, 30 in --smoke), uncached, by
 *   day, channel or country over each campaign's whole run, as the demo analyst.
 */

const linkCount = 200;
const today = () => new Date().toISOString().slice(0, 10);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Called by the bench app server when a selected scenario asked for the demo (see beforeStart). */
export async function seedAdsBenchDemo(runtime: Runtime, campaigns: number): Promise<void> {
  await identityModule.seed!(runtime);
  const started = Date.now();
  await seedAdsDemo(runtime, campaigns);
  runtime.log.warn({ campaigns, ms: Date.now() - started }, 'bench: ads demo seeded');
}

async function call<T>(
  url: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

interface Advertiser {
  orgId: string;
  token: string;
  adId: string;
}

let advertiser: Promise<Advertiser> | undefined;

/** A signed-up organisation with one campaign, ad set and ad (shared by the ads scenarios). */
function anAdvertiser(url: string): Promise<Advertiser> {
  advertiser ??= (async () => {
    const suffix = randomBytes(4).toString('hex');
    const signup = await call<{ access_token: string; organization_id: string }>(
      url,
      null,
      'POST',
      '/api/v1/auth/signup',
      {
        organization: `Bench ads ${suffix}`,
        name: 'Bench Owner',
        email: `bench-ads-${suffix}@bench.example`,
        password: `Bench-password-${suffix}-42`,
      },
    );
    const token = signup.access_token;
    const campaign = await call<{ id: string }>(url, token, 'POST', '/api/v1/campaigns', {
      brand: 'Bench',
      name: `Bench ${suffix}`,
      objective: 'sales',
      countries: ['CR'],
      budget: { amount_minor: 10_000_000, currency: 'USD' },
      start_date: today(),
      end_date: inDays(30),
    });
    const adSet = await call<{ id: string }>(url, token, 'POST', '/api/v1/ad-sets', {
      campaign_id: campaign.id,
      name: 'Bench set',
      channel: 'facebook',
      targeting: { age_min: 18, age_max: 65 },
      daily_budget_minor: 100_000,
      pacing: 'standard',
    });
    const ad = await call<{ id: string }>(url, token, 'POST', '/api/v1/ads', {
      ad_set_id: adSet.id,
      variant: 'A',
      headline: 'Bench',
      body: 'Bench ad',
      call_to_action: 'Shop now',
    });
    return { orgId: signup.organization_id, token, adId: ad.id };
  })();
  return advertiser;
}

let serverUrl: string | undefined;
const codes: string[] = [];
/** Redirects sent by the load generator (warm-up and measured run): each is a click to write. */
let redirectsSent = 0;

/**
 * Waits until the clicks the redirects answered are in the live counters (they are written in
 * batches off the response path), up to `patienceMs` without progress; returns the count and
 * how long after the run it took.
 */
async function clicksWritten(url: string, patienceMs: number) {
  const { token, adId } = await anAdvertiser(url);
  const started = Date.now();
  let written = -1;
  let progressAt = started;
  for (;;) {
    const page = await call<{ total: { tracked_clicks: number } }>(
      url,
      token,
      'GET',
      `/api/v1/ads/performance?ad_id=${adId}&from=${inDays(-1)}&to=${inDays(1)}&group_by=ad`,
    );
    if (page.total.tracked_clicks !== written) progressAt = Date.now();
    written = page.total.tracked_clicks;
    if (written >= redirectsSent || Date.now() - progressAt > patienceMs)
      return { written, afterMs: Date.now() - started };
    await setTimeout(250);
  }
}

const redirect: Scenario = {
  name: 'ads-redirect',
  server: 'app',
  description: `GET /t/{code} over ${linkCount} tracked links: 302 with UTM, click buffered`,
  successStatus: 302,
  async prepare(url) {
    serverUrl = url;
    if (codes.length > 0) return;
    const { token, adId } = await anAdvertiser(url);
    for (let index = 0; index < linkCount; index++) {
      const link = await call<{ code: string }>(url, token, 'POST', '/api/v1/tracked-links', {
        ad_id: adId,
        destination_url: `https://shop.example/p/${index}`,
        utm: { utm_source: 'bench', utm_medium: 'paid_social' },
      });
      codes.push(link.code);
    }
  },
  requests() {
    let next = 0;
    return [
      {
        method: 'GET',
        setupRequest: (request) => {
          next = (next + 1) % codes.length;
          redirectsSent += 1;
          return { ...request, path: `/t/${codes[next]}` };
        },
      },
    ];
  },
  // Every answered redirect must become a click row and a counter: none lost, none doubled.
  async check({ connections }) {
    const { written, afterMs } = await clicksWritten(serverUrl!, 5_000);
    const notes = [
      `clicks written: ${written} of ${redirectsSent} redirects sent, the last ${afterMs} ms after the run`,
    ];
    // Requests still in flight when autocannon stops may never reach the server.
    const problems =
      written > redirectsSent || written < redirectsSent - 2 * connections
        ? [`${redirectsSent} redirects were sent but ${written} clicks were written`]
        : [];
    return { problems, notes };
  },
};

let signing: { orgId: string; adId: string; secret: string } | undefined;

const conversions: Scenario = {
  name: 'ads-conversions',
  server: 'app',
  description:
    'POST /api/v1/conversions, HMAC-signed, a new event id each (insert + counters + event)',
  async prepare(url) {
    if (signing) return;
    const { orgId, token, adId } = await anAdvertiser(url);
    const { secret } = await call<{ secret: string }>(
      url,
      token,
      'POST',
      '/api/v1/conversion-signing-secret',
    );
    signing = { orgId, adId, secret };
  },
  requests() {
    if (!signing) throw new Error('ads-conversions: prepare() did not run');
    const { orgId, adId, secret } = signing;
    const run = randomBytes(4).toString('hex');
    let next = 0;
    return [
      {
        method: 'POST',
        path: '/api/v1/conversions',
        setupRequest: (request) => {
          next += 1;
          const body = JSON.stringify({
            organization_id: orgId,
            event_id: `bench-${run}-${next}`,
            ad_id: adId,
            kind: 'purchase',
            value_minor: 4_990,
            currency: 'USD',
          });
          const signature = createHmac('sha256', secret).update(body).digest('hex');
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              'x-promptsales-signature': `sha256=${signature}`,
            },
            body,
          };
        },
      },
    ];
  },
};

let demo:
  { token: string; campaigns: { id: string; start_date: string; end_date: string }[] } | undefined;

const performance: Scenario = {
  name: 'ads-performance',
  server: 'app',
  description:
    'GET /api/v1/ads/performance?campaign_id=… over each demo campaign’s run, by day, channel or country (uncached)',
  load: { connections: 10 },
  // The issue's 1,000 campaigns take minutes to seed; the smoke run only checks the query works.
  beforeStart: async ({ smoke }) => ({
    BENCH_ADS_DEMO_CAMPAIGNS: process.env.BENCH_ADS_DEMO_CAMPAIGNS ?? (smoke ? '30' : '1000'),
  }),
  async prepare(url) {
    if (demo) return;
    const analyst = demoAccounts.find((account) => account.role === 'analyst')!;
    const { access_token: token } = await call<{ access_token: string }>(
      url,
      null,
      'POST',
      '/api/v1/auth/login',
      { email: analyst.email, password: demoPassword },
    );
    const campaigns: { id: string; start_date: string; end_date: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        data: { id: string; start_date: string; end_date: string }[];
        next_cursor: string | null;
      } = await call(
        url,
        token,
        'GET',
        `/api/v1/campaigns?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      campaigns.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    if (campaigns.length === 0) throw new Error('ads-performance: the demo has no campaigns');
    demo = { token, campaigns };
  },
  requests() {
    if (!demo) throw new Error('ads-performance: prepare() did not run');
    const { token, campaigns } = demo;
    const groupings = ['day', 'channel', 'country'];
    let next = 0;
    const requests: autocannon.Request[] = [
      {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        setupRequest: (request) => {
          next += 1;
          const campaign = campaigns[next % campaigns.length]!;
          const groupBy = groupings[next % groupings.length]!;
          return {
            ...request,
            path: `/api/v1/ads/performance?campaign_id=${campaign.id}&from=${campaign.start_date}&to=${campaign.end_date}&group_by=${groupBy}`,
          };
        },
      },
    ];
    return requests;
  },
  check: () => ({
    problems: [],
    notes: [
      `demo campaigns queried: ${demo?.campaigns.length ?? 0}; autocannon reports p97.5, an upper bound of the p95`,
    ],
  }),
};

export const adsScenarios: readonly Scenario[] = [redirect, conversions, performance];

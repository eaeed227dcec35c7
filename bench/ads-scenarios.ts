import type autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import type { Runtime } from '../src/platform/runtime.js';
import type { Scenario } from './scenarios.js';
import {
  call,
  conversionSigningSecret,
  createBenchAd,
  signedConversionRequest,
  signUpBenchOwner,
} from './bench-api.js';

/**
 * PromptAds under load (issue #5's benchmarks):
 * - `ads-redirect`: tracked-link redirects (`GET /t/{code}` → 302) over 200 links; the click is
 *   buffered and written in batches off the response path; the check waits until every answered
 *   redirect is one counted click.
 * - `ads-conversions`: signed server-to-server conversions (`POST /api/v1/conversions`), each
 *   with a new event id and its HMAC-SHA256 signature computed by the load generator; the check
 *   waits until each is counted once in the live counters.
 * - `ads-performance`: the campaign performance query over the demo data (the server seeds the
 *   demo organisation with `BENCH_ADS_DEMO_CAMPAIGNS` campaigns, default 1,000, 30 in --smoke), uncached, by
 *   day, channel or country over each campaign's whole run, as the demo analyst.
 */

/** Tracked links the redirect scenario spreads its load over (fewer in --smoke: quicker to create). */
let linkCount = 200;
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Called by the bench app server when a selected scenario asked for the demo (see beforeStart). */
export async function seedAdsBenchDemo(runtime: Runtime, campaigns: number): Promise<void> {
  await identityModule.seed!(runtime);
  const started = Date.now();
  await seedAdsDemo(runtime, campaigns);
  runtime.log.warn({ campaigns, ms: Date.now() - started }, 'bench: ads demo seeded');
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
    const { token, orgId } = await signUpBenchOwner(url, 'ads');
    const { adId } = await createBenchAd(url, token, {
      name: `Bench ${randomBytes(4).toString('hex')}`,
      objective: 'sales',
      country: 'CR',
      callToAction: 'Shop now',
    });
    return { orgId, token, adId };
  })();
  return advertiser;
}

let serverUrl: string | undefined;
const codes: string[] = [];
/** Requests sent by the load generator (warm-up and measured run): each is one to count. */
const sent = { clicks: 0, conversions: 0 };

/**
 * Waits until what the load generator sent is in the advertiser's live counters (clicks are
 * written in batches off the response path, conversions counted in batches after commit), up
 * to `patienceMs` without progress; checks none is lost or counted twice.
 */
async function countedInPerformance(
  url: string,
  what: 'clicks' | 'conversions',
  connections: number,
  // Generous: on the embedded stack a minute's delivery job can hold the database for seconds.
  patienceMs = 15_000,
) {
  const { token, adId } = await anAdvertiser(url);
  const started = Date.now();
  let counted = -1;
  let progressAt = started;
  for (;;) {
    const page = await call<{ total: { tracked_clicks: number; tracked_conversions: number } }>(
      url,
      token,
      'GET',
      `/api/v1/ads/performance?ad_id=${adId}&from=${inDays(-1)}&to=${inDays(1)}&group_by=ad`,
    );
    const now = what === 'clicks' ? page.total.tracked_clicks : page.total.tracked_conversions;
    if (now !== counted) progressAt = Date.now();
    counted = now;
    if (counted >= sent[what] || Date.now() - progressAt > patienceMs) break;
    await setTimeout(250);
  }
  const notes = [
    `${what} counted: ${counted} of ${sent[what]} sent, the last ${Date.now() - started} ms after the run`,
  ];
  // Requests still in flight when autocannon stops may never reach the server.
  const problems =
    counted > sent[what] || counted < sent[what] - 2 * connections
      ? [`${sent[what]} ${what} were sent but ${counted} were counted`]
      : [];
  return { problems, notes };
}

const redirect: Scenario = {
  name: 'ads-redirect',
  server: 'app',
  description: 'GET /t/{code} over 200 tracked links (20 in --smoke): 302 with UTM, click buffered',
  successStatus: 302,
  beforeStart: async ({ smoke }) => {
    if (smoke) linkCount = 20;
    return {};
  },
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
          sent.clicks += 1;
          return { ...request, path: `/t/${codes[next]}` };
        },
      },
    ];
  },
  // Every answered redirect must become one click row and one count: none lost, none doubled.
  check: ({ connections }) => countedInPerformance(serverUrl!, 'clicks', connections),
};

let signing: { orgId: string; adId: string; secret: string } | undefined;

const conversions: Scenario = {
  name: 'ads-conversions',
  server: 'app',
  description:
    'POST /api/v1/conversions, HMAC-signed, a new event id each (insert + counters + event)',
  async prepare(url) {
    serverUrl = url;
    if (signing) return;
    const { orgId, token, adId } = await anAdvertiser(url);
    signing = { orgId, adId, secret: await conversionSigningSecret(url, token) };
  },
  requests() {
    if (!signing) throw new Error('ads-conversions: prepare() did not run');
    const { orgId, adId, secret } = signing;
    const run = randomBytes(4).toString('hex');
    return [
      signedConversionRequest(secret, (n) => {
        sent.conversions += 1;
        return {
          organization_id: orgId,
          event_id: `bench-${run}-${n}`,
          ad_id: adId,
          kind: 'purchase',
          value_minor: 4_990,
          currency: 'USD',
        };
      }),
    ];
  },
  // Every recorded conversion must be counted once in the live counters (in batches, after commit).
  check: ({ connections }) => countedInPerformance(serverUrl!, 'conversions', connections),
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

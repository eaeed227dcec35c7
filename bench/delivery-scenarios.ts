import { setTimeout } from 'node:timers/promises';
import type { Scenario } from './scenarios.js';
import { call, signUpBenchOwner } from './bench-api.js';

/**
 * `ads-delivery-tick` (issue 11, item 4): one delivery tick over `BENCH_DELIVERY_CAMPAIGNS`
 * active campaigns (default 20,000; 50 in --smoke) in 20 organisations, each with one ad, while
 * the load measures the campaign list of one of those organisations. The tick must claim every
 * due campaign within the tick interval (60 s); its duration is reported. The tick is named a day
 * ahead, so the app's own per-minute ticks do not claim the campaigns in it.
 *
 * The list is paced (a dashboard's polling, not a flood) and measured for a whole tick interval
 * (5 s in smoke): on PGlite every statement queues behind the tick's, so an unpaced flood of
 * lists only measures that queue, and a 2 s window could end before any list got its turn.
 */
const tickIntervalSeconds = 60;
const smokeLoadSeconds = 5;
let campaigns = 20_000;
let smoke = false;
let owner: { token: string; orgId: string } | undefined;

async function deliverOneTick(url: string) {
  const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 86_400_000).toISOString();
  const started = Date.now();
  await call(url, null, 'POST', '/api/v1/bench/delivery/tick', { tick });
  let progress = { due: 0, claimed: 0 };
  while (Date.now() - started < 3 * tickIntervalSeconds * 1000) {
    progress = await call(url, null, 'GET', `/api/v1/bench/delivery/progress?tick=${tick}`);
    if (progress.due > 0 && progress.claimed === progress.due) break;
    await setTimeout(250);
  }
  const seconds = (Date.now() - started) / 1000;
  const notes = [
    `delivery tick: ${progress.claimed} of ${progress.due} active campaigns claimed and delivered in ${seconds.toFixed(1)} s (interval ${tickIntervalSeconds} s)`,
  ];
  const problems: string[] = [];
  if (progress.claimed < progress.due)
    problems.push(`the tick left ${progress.due - progress.claimed} campaigns undelivered`);
  else if (seconds > tickIntervalSeconds)
    problems.push(
      `the tick took ${seconds.toFixed(1)} s, longer than its ${tickIntervalSeconds} s`,
    );
  return { problems, notes };
}

const deliveryTick: Scenario = {
  name: 'ads-delivery-tick',
  server: 'app',
  description: `one delivery tick over 20,000 active campaigns (50 in --smoke), while GET /api/v1/campaigns?status=active is measured at 20/s`,
  get load() {
    return {
      connections: 2,
      overallRate: 20,
      minDurationSeconds: smoke ? smokeLoadSeconds : tickIntervalSeconds,
    };
  },
  beforeStart: async (run) => {
    smoke = run.smoke;
    campaigns = Number(process.env.BENCH_DELIVERY_CAMPAIGNS ?? (smoke ? 50 : 20_000));
    return { JOBS_IN_PROCESS: 'true' };
  },
  async prepare(url) {
    if (owner) return;
    owner = await signUpBenchOwner(url, 'delivery');
    await call(url, null, 'POST', '/api/v1/bench/delivery/campaigns', {
      orgId: owner.orgId,
      count: campaigns,
    });
  },
  requests() {
    if (!owner) throw new Error('ads-delivery-tick: prepare() did not run');
    return [
      {
        method: 'GET',
        path: '/api/v1/campaigns?status=active&limit=25',
        headers: { authorization: `Bearer ${owner.token}` },
      },
    ];
  },
  alongside: (url) => deliverOneTick(url),
};

export const deliveryScenarios: readonly Scenario[] = [deliveryTick];

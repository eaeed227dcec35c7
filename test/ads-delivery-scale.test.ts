import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveryPages,
  deliveryPageSize,
  deliveryTickJob,
} from '../src/modules/ads/application/delivery-tick.job.js';
import { deliverPage } from '../src/modules/ads/application/delivery.job.js';
import { tickOf } from '../src/modules/ads/domain/delivery-tick.js';
import { claimCampaign } from '../src/modules/ads/infrastructure/delivery.repository.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The delivery tick at scale (issue 11, item 4): more due campaigns than the old single read of
 * 5,000 took, spread over several organisations, with paused and not-yet-started ones that must
 * not be delivered. Campaigns have no ads, so the test measures the paging and the claims.
 */
const orgs = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const activePerOrg = 1_300;
const pausedPerOrg = 75;
const scheduledTodayPerOrg = 25;
const due = orgs.length * (activePerOrg + scheduledTodayPerOrg);
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
// Ticks a day ahead: the app's own per-minute tick (now) never claims a campaign in them.
const tickAhead = (minutes: number) =>
  tickOf(new Date(Date.now() + 86_400_000 + minutes * 60_000)).toISOString();

describe('delivery tick over more than 5,000 due campaigns', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
    const insert = (orgId: string, count: number, status: string, startDate: string) =>
      app.runtime.database.query(sql`
        insert into ads.campaigns (org_id, id, brand, name, objective, countries, cities,
          budget_minor, currency, start_date, end_date, status)
        select ${orgId}, gen_random_uuid(), 'Brand', 'Campaign ' || n, 'sales', array['CR'],
          '[]'::jsonb, 100000, 'USD', ${startDate}::date, ${inDays(60)}::date, ${status}
        from generate_series(1, ${count}) as n`);
    for (const orgId of orgs) {
      await insert(orgId, activePerOrg, 'active', inDays(-3));
      await insert(orgId, pausedPerOrg, 'paused', inDays(-3));
      await insert(orgId, scheduledTodayPerOrg, 'scheduled', inDays(0));
      await insert(orgId, 10, 'scheduled', inDays(10));
      await insert(orgId, 10, 'draft', inDays(-3));
    }
  }, 120_000);
  afterAll(() => app?.close());

  const deliveredIn = async (tick: string) => {
    const rows = await app.runtime.database.query<{ status: string; count: number | string }>(
      sql`select status, count(*) as count from ads.campaigns
          where delivered_tick = ${tick} group by status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  };

  it('pages through every due campaign and claims each once, however many workers', async () => {
    const tick = tickAhead(0);
    const pages = await deliveryPages(app.runtime, tick);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(due / deliveryPageSize));
    // A campaign approved this minute was delivered by its own job: the tick leaves it alone.
    const [approved] = await app.runtime.database.query<{ org_id: string; id: string }>(
      sql`select org_id, id from ads.campaigns where status = 'active' limit 1`,
    );
    expect(await claimCampaign(app.runtime.db, approved!.org_id, approved!.id, tick)).toBeDefined();
    // Two workers run every page of the same tick at once, in opposite orders.
    const worker = async (order: typeof pages) => {
      let claimed = 0;
      for (const page of order) claimed += await deliverPage(app.runtime, page, app.runtime.log);
      return claimed;
    };
    const [first, second] = await Promise.all([worker(pages), worker([...pages].reverse())]);
    expect(first + second).toBe(due - 1);
    // Scheduled campaigns whose day has come were started; paused, future and drafts were not.
    expect(await deliveredIn(tick)).toEqual({ active: due });
    const undelivered = await app.runtime.database.query<{ status: string; count: number }>(
      sql`select status, count(*)::int as count from ads.campaigns
          where delivered_tick is null group by status order by status`,
    );
    expect(undelivered).toEqual([
      { status: 'draft', count: orgs.length * 10 },
      { status: 'paused', count: orgs.length * pausedPerOrg },
      { status: 'scheduled', count: orgs.length * 10 },
    ]);
  }, 120_000);

  it('fans a tick out to the workers as one job per page, twice sent, once delivered', async () => {
    const tick = tickAhead(1);
    const job = deliveryTickJob(app.runtime);
    await Promise.all([app.runtime.jobs.send(job, { tick }), app.runtime.jobs.send(job, { tick })]);
    const delivered = await eventually(
      () => deliveredIn(tick),
      (counts) => counts.active === due,
      90_000,
      250,
    );
    expect(delivered).toEqual({ active: due });
  }, 120_000);
});

import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliveryTickJob } from '../src/modules/ads/application/delivery-tick.job.js';
import { channels } from '../src/modules/ads/index.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import type { Runtime } from '../src/platform/runtime.js';

/**
 * Bench-only routes of the `ads-delivery-tick` scenario: bulk-create active campaigns (one ad
 * set and one ad each, channels in turn) across organisations with SQL, start one delivery tick,
 * and count how many due campaigns that tick has claimed.
 */
const organisations = 20;

const routes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  const query = runtime.database.query.bind(runtime.database);

  app.post(
    '/bench/delivery/campaigns',
    {
      config: { public: true },
      schema: {
        hide: true,
        body: z.object({ orgId: z.uuid(), count: z.number().int().min(1).max(100_000) }),
      },
    },
    async (request) => {
      const { orgId, count } = request.body;
      const channelList = `{${channels.join(',')}}`;
      // The listed organisation first, then others with their own random ids.
      await query(sql`
        insert into ads.campaigns (org_id, id, brand, name, objective, countries, cities,
          budget_minor, currency, start_date, end_date, status)
        select case when n % ${organisations} = 0 then ${orgId}::uuid
                    else ('00000000-0000-4000-8000-' || lpad((n % ${organisations})::text, 12, '0'))::uuid end,
          gen_random_uuid(), 'Bench brand', 'Bench ' || n, 'sales', array['CR', 'MX'], '[]'::jsonb,
          3000000, 'USD', current_date - 5, current_date + 30, 'active'
        from generate_series(1, ${count}) as n`);
      await query(sql`
        insert into ads.ad_sets (org_id, id, campaign_id, name, channel, targeting,
          daily_budget_minor, pacing)
        select c.org_id, gen_random_uuid(), c.id, 'Set',
          (${channelList}::text[])[1 + (row_number() over (order by c.id)) % ${channels.length}],
          '{"ageMin":25,"ageMax":45,"genders":[],"countries":[],"cities":[],"languages":["es"],"interests":[]}'::jsonb,
          50000, 'standard'
        from ads.campaigns c where c.name like 'Bench %'`);
      await query(sql`
        insert into ads.ads (org_id, id, campaign_id, ad_set_id, variant, headline, body,
          call_to_action, status, external_id)
        select s.org_id, gen_random_uuid(), s.campaign_id, s.id, 'A', 'Cold brew in 24 h',
          'Order today', 'Shop now', 'active', 'bench-' || s.id
        from ads.ad_sets s where s.name = 'Set'`);
      await query(sql`analyze ads.campaigns`);
      return { created: count };
    },
  );

  app.post(
    '/bench/delivery/tick',
    {
      config: { public: true },
      schema: { hide: true, body: z.object({ tick: z.iso.datetime() }) },
    },
    async (request) => {
      await runtime.jobs.send(deliveryTickJob(runtime), { tick: request.body.tick });
      return { tick: request.body.tick };
    },
  );

  app.get(
    '/bench/delivery/progress',
    {
      config: { public: true },
      schema: { hide: true, querystring: z.object({ tick: z.iso.datetime() }) },
    },
    async (request) => {
      const [row] = await query<{ due: number; claimed: number }>(sql`
        select count(*)::int as due,
          count(*) filter (where delivered_tick = ${request.query.tick})::int as claimed
        from ads.campaigns where status = 'active'`);
      return row ?? { due: 0, claimed: 0 };
    },
  );
};

export const deliveryBenchModule: ModuleDefinition = { name: 'bench-delivery', routes };

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { runEtl } from '../src/modules/analytics/index.js';
import { crmModule } from '../src/modules/crm/index.js';
import {
  demoAccounts,
  demoOrganizationId,
  demoPassword,
  identityModule,
} from '../src/modules/identity/index.js';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { logIn, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { sendConversion, trackedAd } from './support/tracked-ad.js';
import { breakdownMetrics, kpiMetrics } from '../web/src/pages/dashboard-metrics.js';

type MetricValue = number | null | Record<string, number | null>;
interface Report {
  rows: { dimensions: Record<string, string>; metrics: Record<string, MetricValue> }[];
  rowCount: number;
  totals: Record<string, MetricValue>;
  dataVersion: number;
  compare: null | { rows: unknown[]; totals: Record<string, MetricValue> };
}
interface EtlRun {
  id: string;
  trigger: string;
  status: string;
  duration_ms: number | null;
  sources: Record<string, { rows_read: number; rows_written: number }>;
}

const countMetrics = [
  'impressions',
  'reach',
  'clicks',
  'conversions',
  'reactions',
  'commentsPositive',
  'commentsNeutral',
  'commentsNegative',
  'influencerReactions',
  'leads',
  'dealsWon',
] as const;

/** What the web dashboard asks for. */
const dashboardKpis = [...kpiMetrics];
const dashboardBreakdown = [...breakdownMetrics];
type DashboardMeasure = (typeof breakdownMetrics)[number];

const dayOffset = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** What the sources hold, by campaign ('' for leads and deals without one). */
interface Expected {
  counts: Map<string, Record<string, number>>;
  money: Map<string, { spend: Record<string, number>; revenueWon: Record<string, number> }>;
}

describe('analytics: the summary store equals its sources', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let orgId: string;
  let owner: string;
  let analyst: string;
  let salesAgent: string;
  const from = dayOffset(-799);
  const to = dayOffset(0);

  async function sourceSums(): Promise<Expected> {
    const query = <Row extends Record<string, unknown>>(statement: ReturnType<typeof sql>) =>
      app.runtime.database.query<Row>(statement);
    const counts = new Map<string, Record<string, number>>();
    const money = new Map<
      string,
      { spend: Record<string, number>; revenueWon: Record<string, number> }
    >();
    const add = (campaign: string | null, metric: string, value: unknown) => {
      const key = campaign ?? '';
      const row = counts.get(key) ?? Object.fromEntries(countMetrics.map((m) => [m, 0]));
      row[metric] = (row[metric] ?? 0) + Number(value);
      counts.set(key, row);
    };
    const addMoney = (
      campaign: string | null,
      metric: 'spend' | 'revenueWon',
      currency: string,
      value: unknown,
    ) => {
      const key = campaign ?? '';
      const row = money.get(key) ?? { spend: {}, revenueWon: {} };
      row[metric][currency] = (row[metric][currency] ?? 0) + Number(value);
      money.set(key, row);
      add(campaign, 'impressions', 0);
    };
    const range = sql`between ${from} and ${to}`;
    for (const row of await query<Record<string, string>>(sql`
      select campaign_id, currency, sum(impressions) impressions, sum(reach) reach,
             sum(clicks) clicks, sum(conversions) conversions, sum(reactions) reactions,
             sum(cost_minor) spend
      from ads.performance_daily where org_id = ${orgId} and day ${range} group by 1, 2`)) {
      for (const metric of ['impressions', 'reach', 'clicks', 'conversions', 'reactions'])
        add(row.campaign_id!, metric, row[metric]);
      addMoney(row.campaign_id!, 'spend', row.currency!, row.spend);
    }
    for (const row of await query<Record<string, string>>(sql`
      select campaign_id, sum(clicks) clicks, sum(conversions) conversions
      from ads.tracking_daily where org_id = ${orgId} and day ${range} group by 1`)) {
      add(row.campaign_id!, 'clicks', row.clicks);
      add(row.campaign_id!, 'conversions', row.conversions);
    }
    for (const row of await query<Record<string, string>>(sql`
      select campaign_id, sum(positive) p, sum(neutral) n, sum(negative) neg,
             sum(influencer_reactions) infl
      from ads.sentiment_daily where org_id = ${orgId} and day ${range} group by 1`)) {
      add(row.campaign_id!, 'commentsPositive', row.p);
      add(row.campaign_id!, 'commentsNeutral', row.n);
      add(row.campaign_id!, 'commentsNegative', row.neg);
      add(row.campaign_id!, 'influencerReactions', row.infl);
    }
    for (const row of await query<Record<string, string | null>>(sql`
      select campaign_id, count(*) leads from crm.contacts
      where org_id = ${orgId} and merged_into_id is null
        and (created_at at time zone 'UTC')::date ${range}
      group by 1`))
      add(row.campaign_id ?? null, 'leads', row.leads);
    for (const row of await query<Record<string, string | null>>(sql`
      select campaign_id, currency, count(*) won, sum(amount_minor) revenue from crm.deals
      where org_id = ${orgId} and status = 'won' and (won_at at time zone 'UTC')::date ${range}
      group by 1, 2`)) {
      add(row.campaign_id ?? null, 'dealsWon', row.won);
      addMoney(row.campaign_id ?? null, 'revenueWon', row.currency!, row.revenue);
    }
    return { counts, money };
  }

  async function report(token: string, body: unknown): Promise<Report> {
    const response = await api('POST', '/api/v1/analytics/query', { token, body });
    expect(response.status, await response.clone().text()).toBe(200);
    return json<Report>(response);
  }

  async function runEtlOverHttp(): Promise<EtlRun> {
    const before = await json<Page<EtlRun>>(
      await api('GET', '/api/v1/analytics/etl-runs?limit=100', { token: analyst }),
    );
    const known = new Set(before.data.map((run) => run.id));
    const started = await api('POST', '/api/v1/analytics/etl-runs', { token: owner });
    expect(started.status).toBe(202);
    const runs = await eventually(
      async () =>
        json<Page<EtlRun>>(
          await api('GET', '/api/v1/analytics/etl-runs?limit=100', { token: analyst }),
        ),
      (page) =>
        page.data.some(
          (run) => !known.has(run.id) && run.trigger === 'manual' && run.status !== 'running',
        ),
      60_000,
      200,
    );
    const run = runs.data.find(
      (candidate) => !known.has(candidate.id) && candidate.trigger === 'manual',
    )!;
    expect(run.status).toBe('succeeded');
    return run;
  }

  async function expectStoreEqualsSources(): Promise<void> {
    const expected = await sourceSums();
    const result = await report(analyst, {
      metrics: [...countMetrics, 'spend', 'revenueWon'],
      dimensions: ['campaign'],
      dateRange: { from, to },
      limit: 10_000,
    });
    const rows = new Map(result.rows.map((row) => [row.dimensions.campaign!, row.metrics]));
    expect([...rows.keys()].sort()).toEqual([...expected.counts.keys()].sort());
    for (const [campaign, counts] of expected.counts) {
      const row = rows.get(campaign)!;
      for (const metric of countMetrics)
        expect(row[metric], `${campaign} ${metric}`).toBe(counts[metric]);
      const money = expected.money.get(campaign) ?? { spend: {}, revenueWon: {} };
      for (const metric of ['spend', 'revenueWon'] as const) {
        const stored = Object.fromEntries(
          Object.entries(row[metric] as Record<string, number>).filter(([, value]) => value !== 0),
        );
        expect(stored, `${campaign} ${metric}`).toEqual(money[metric]);
      }
    }
    for (const metric of countMetrics) {
      const total = [...expected.counts.values()].reduce((sum, row) => sum + row[metric]!, 0);
      expect(result.totals[metric], metric).toBe(total);
    }
    const spendTotals: Record<string, number> = {};
    for (const { spend } of expected.money.values())
      for (const [currency, value] of Object.entries(spend))
        spendTotals[currency] = (spendTotals[currency] ?? 0) + value;
    // A currency whose campaigns spent nothing (only tracked clicks) shows 0.
    const storedSpend = Object.entries(result.totals.spend as Record<string, number>);
    expect(Object.fromEntries(storedSpend.filter(([, value]) => value !== 0))).toEqual(spendTotals);
    // The demo has every kind of figure, so the comparison above covers each source.
    for (const metric of ['impressions', 'leads', 'dealsWon', 'commentsNegative'])
      expect(result.totals[metric], metric).toBeGreaterThan(0);
    expect(Object.keys(spendTotals).length).toBeGreaterThan(0);
  }

  /** One source row of a dashboard figure, at the grains the dashboard groups by. */
  interface SourceFact {
    day: string;
    channel: string;
    country: string;
    currency: string;
    sums: Partial<Record<DashboardMeasure, number>>;
  }

  /** Every source row of the range, straight from the ads and CRM tables (not the store). */
  async function dashboardSources(range: { from: string; to: string }): Promise<SourceFact[]> {
    const within = sql`between ${range.from} and ${range.to}`;
    const rows = await app.runtime.database.query<Record<string, string | null>>(sql`
      select day::text as day, channel, country, currency, sum(impressions) as impressions,
             sum(clicks) as clicks, sum(conversions) as conversions, sum(cost_minor) as spend,
             0 as leads, 0 as deals_won, 0 as revenue_won
      from ads.performance_daily where org_id = ${orgId} and day ${within} group by 1, 2, 3, 4
      union all
      select day::text, channel, '', '', 0, sum(clicks), sum(conversions), 0, 0, 0, 0
      from ads.tracking_daily where org_id = ${orgId} and day ${within} group by 1, 2
      union all
      select (c.created_at at time zone 'UTC')::date::text, coalesce(s.channel, ''),
             coalesce(c.country, ''), '', 0, 0, 0, 0, count(*), 0, 0
      from crm.contacts c
      left join ads.ads a on a.org_id = c.org_id and a.id = c.ad_id
      left join ads.ad_sets s on s.org_id = a.org_id and s.id = a.ad_set_id
      where c.org_id = ${orgId} and c.merged_into_id is null
        and (c.created_at at time zone 'UTC')::date ${within}
      group by 1, 2, 3
      union all
      select (d.won_at at time zone 'UTC')::date::text, coalesce(s.channel, ''),
             coalesce(p.country, ''), d.currency, 0, 0, 0, 0, 0, count(*), sum(d.amount_minor)
      from crm.deals d
      left join crm.contacts p on p.org_id = d.org_id and p.id = d.contact_id
      left join ads.ads a on a.org_id = d.org_id and a.id = d.ad_id
      left join ads.ad_sets s on s.org_id = a.org_id and s.id = a.ad_set_id
      where d.org_id = ${orgId} and d.status = 'won'
        and (d.won_at at time zone 'UTC')::date ${within}
      group by 1, 2, 3, 4`);
    return rows.map((row) => ({
      day: row.day!,
      channel: row.channel!,
      country: row.country!,
      currency: row.currency!,
      sums: {
        impressions: Number(row.impressions),
        clicks: Number(row.clicks),
        conversions: Number(row.conversions),
        spend: Number(row.spend),
        leads: Number(row.leads),
        dealsWon: Number(row.deals_won),
        revenueWon: Number(row.revenue_won),
      },
    }));
  }

  /** The sums of `facts` grouped by `keyOf`: counts over all currencies, money per currency. */
  function grouped(facts: readonly SourceFact[], keyOf: (fact: SourceFact) => string) {
    const groups = new Map<
      string,
      {
        counts: Record<string, number>;
        spend: Record<string, number>;
        revenueWon: Record<string, number>;
      }
    >();
    for (const fact of facts) {
      const key = keyOf(fact);
      const group = groups.get(key) ?? { counts: {}, spend: {}, revenueWon: {} };
      for (const [measure, value] of Object.entries(fact.sums)) {
        if (measure === 'spend' || measure === 'revenueWon') {
          if (value !== 0)
            group[measure][fact.currency] = (group[measure][fact.currency] ?? 0) + value;
        } else group.counts[measure] = (group.counts[measure] ?? 0) + value;
      }
      groups.set(key, group);
    }
    return groups;
  }

  const nonZero = (value: MetricValue | undefined) =>
    Object.fromEntries(
      Object.entries((value ?? {}) as Record<string, number>).filter(([, amount]) => amount !== 0),
    );

  /** One report row (or the totals) against the source sums of the same group. */
  function expectFigures(
    label: string,
    metrics: Record<string, MetricValue>,
    expected: ReturnType<typeof grouped> extends Map<string, infer G> ? G | undefined : never,
  ) {
    const counts = expected?.counts ?? {};
    for (const metric of ['impressions', 'clicks', 'conversions', 'leads', 'dealsWon'])
      if (metric in metrics)
        expect(metrics[metric], `${label} ${metric}`).toBe(counts[metric] ?? 0);
    for (const metric of ['spend', 'revenueWon'] as const)
      if (metric in metrics)
        expect(nonZero(metrics[metric]), `${label} ${metric}`).toEqual(expected?.[metric] ?? {});
    if ('ctr' in metrics) {
      const impressions = counts.impressions ?? 0;
      if (impressions === 0) expect(metrics.ctr, `${label} ctr`).toBeNull();
      else
        expect(metrics.ctr as number, `${label} ctr`).toBeCloseTo(
          (counts.clicks ?? 0) / impressions,
          12,
        );
    }
    if ('roas' in metrics)
      for (const [currency, value] of Object.entries(
        metrics.roas as Record<string, number | null>,
      )) {
        const spend = expected?.spend[currency] ?? 0;
        const revenue = expected?.revenueWon[currency] ?? 0;
        if (spend === 0) expect(value, `${label} roas ${currency}`).toBeNull();
        else expect(value!, `${label} roas ${currency}`).toBeCloseTo(revenue / spend, 12);
      }
  }

  /**
   * The dashboard's own queries (web/src/pages/dashboard-page.tsx: key figures against the period
   * before, spend and revenue by day, the breakdowns by channel and by country) over the last 90
   * days: every number equals the sum of the source rows it came from.
   */
  async function expectDashboardEqualsSources(): Promise<void> {
    const range = { from: dayOffset(-89), to: dayOffset(0) };
    const previous = { from: dayOffset(-179), to: dayOffset(-90) };
    const facts = await dashboardSources(range);
    const all = grouped(facts, () => 'all').get('all');

    const kpis = await report(analyst, {
      metrics: dashboardKpis,
      dateRange: range,
      compareDateRange: previous,
    });
    expectFigures('totals', kpis.totals, all);
    expectFigures(
      'previous totals',
      kpis.compare!.totals,
      grouped(await dashboardSources(previous), () => 'all').get('all'),
    );

    const byDay = grouped(facts, (fact) => fact.day);
    const trend = await report(analyst, {
      metrics: ['spend', 'revenueWon'],
      dimensions: ['day'],
      dateRange: range,
      limit: 1000,
    });
    const moneyDays = [...byDay].filter(
      ([, g]) => Object.keys(g.spend).length + Object.keys(g.revenueWon).length > 0,
    );
    for (const row of trend.rows)
      expectFigures(`day ${row.dimensions.day}`, row.metrics, byDay.get(row.dimensions.day!));
    // Every day with money in the sources is on the chart.
    const charted = new Set(trend.rows.map((row) => row.dimensions.day));
    for (const [day] of moneyDays) expect(charted.has(day), `day ${day} charted`).toBe(true);

    for (const dimension of ['channel', 'country'] as const) {
      const expected = grouped(facts, (fact) => fact[dimension]);
      const split = await report(analyst, {
        metrics: dashboardBreakdown,
        dimensions: [dimension],
        dateRange: range,
        limit: 1000,
      });
      // Every group of the sources is shown; a row the sources have no group for (e.g. comments
      // only, under country "") must show zeros, which expectFigures checks.
      const shown = new Set(split.rows.map((row) => row.dimensions[dimension]));
      for (const key of expected.keys()) expect(shown.has(key), `${dimension} ${key}`).toBe(true);
      for (const row of split.rows)
        expectFigures(
          `${dimension} ${row.dimensions[dimension]}`,
          row.metrics,
          expected.get(row.dimensions[dimension]!),
        );
    }
    // The dashboard's queries read the rollup without city and asset; grouped by city, the same
    // figures come from the full-grain store: both equal the sources.
    const byCity = await report(analyst, {
      metrics: dashboardBreakdown,
      dimensions: ['city'],
      dateRange: range,
      limit: 10_000,
    });
    expectFigures('totals by city', byCity.totals, all);
    // Each source is present in the range, so each kind of figure was compared.
    for (const metric of ['impressions', 'clicks', 'leads'])
      expect(all?.counts[metric], metric).toBeGreaterThan(0);
    expect(Object.keys(all?.spend ?? {}).length).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    await identityModule.seed!(app.runtime);
    await seedAdsDemo(app.runtime, 3);
    await crmModule.seed!(app.runtime);
    orgId = (await demoOrganizationId(app.runtime))!;
    const tokenOf = async (role: string) =>
      (await logIn(app, demoAccounts.find((a) => a.role === role)!.email, demoPassword))
        .access_token;
    owner = await tokenOf('owner');
    analyst = await tokenOf('analyst');
    salesAgent = await tokenOf('sales_agent');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('after a run, and again after a rerun, every figure equals the sum of the source rows', async () => {
    const first = await runEtlOverHttp();
    for (const source of ['ads.performance', 'ads.tracking', 'ads.sentiment', 'crm'])
      expect(first.sources[source]).toBeDefined();
    expect(first.sources['ads.performance']!.rows_read).toBeGreaterThan(0);
    expect(first.sources['crm']!.rows_read).toBeGreaterThan(0);
    expect(first.duration_ms).not.toBeNull();
    await expectStoreEqualsSources();
    await expectDashboardEqualsSources();

    const rerun = await runEtlOverHttp();
    for (const counts of Object.values(rerun.sources)) expect(counts.rows_written).toBe(0);
    await expectStoreEqualsSources();
    await expectDashboardEqualsSources();
  }, 180_000);

  it('folds in a corrected and a late channel report', async () => {
    const before = await report(analyst, {
      metrics: ['clicks', 'spend'],
      dateRange: { from, to },
    });
    const [row] = await app.runtime.database.query<{
      campaign_id: string;
      ad_id: string;
      channel: string;
      currency: string;
    }>(sql`
      update ads.performance_daily set clicks = clicks + 7, cost_minor = cost_minor + 300,
             updated_at = now()
      where (org_id, ad_id, channel, country, city, day) in (
        select org_id, ad_id, channel, country, city, day from ads.performance_daily
        where org_id = ${orgId} order by day limit 1)
      returning campaign_id, ad_id, channel, currency`);
    await app.runtime.database.query(sql`
      insert into ads.performance_daily (org_id, ad_id, campaign_id, channel, country, city, day,
        impressions, reach, clicks, reactions, interactions, exposure_seconds, conversions,
        cost_minor, revenue_minor, currency)
      values (${orgId}, ${row!.ad_id}, ${row!.campaign_id}, ${row!.channel}, 'IS', '', ${dayOffset(-60)},
        1000, 800, 11, 0, 0, 0, 1, 500, 0, ${row!.currency})
      on conflict do nothing`);
    const run = await runEtlOverHttp();
    expect(run.sources['ads.performance']!.rows_written).toBeGreaterThan(0);
    await expectStoreEqualsSources();
    const after = await report(analyst, { metrics: ['clicks', 'spend'], dateRange: { from, to } });
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
    expect(after.totals.clicks).toBe((before.totals.clicks as number) + 18);
  }, 180_000);

  it('keeps today’s CRM figures fresh from events between runs', async () => {
    const [campaign] = await app.runtime.database.query<{ id: string }>(
      sql`select id from ads.campaigns where org_id = ${orgId} order by id limit 1`,
    );
    const today = { from: to, to };
    const query = {
      metrics: ['leads', 'dealsWon', 'revenueWon'],
      filters: [{ dimension: 'campaign', values: [campaign!.id] }],
      dateRange: today,
    };
    const before = await report(salesAgent, query);
    const contact = await api('POST', '/api/v1/contacts', {
      token: salesAgent,
      body: { first_name: 'Live', last_name: 'Lead', country: 'ES', campaign_id: campaign!.id },
    });
    expect(contact.status).toBe(201);
    const deal = await api('POST', '/api/v1/deals', {
      token: salesAgent,
      body: {
        title: 'Live deal',
        contact_id: (await json<{ id: string }>(contact)).id,
        amount_minor: 12_345,
        currency: 'EUR',
      },
    });
    expect(deal.status).toBe(201);
    const won = await api('POST', `/api/v1/deals/${(await json<{ id: string }>(deal)).id}/win`, {
      token: salesAgent,
    });
    expect(won.status).toBe(200);
    const after = await eventually(
      () => report(salesAgent, query),
      (result) => result.totals.dealsWon === (before.totals.dealsWon as number) + 1,
    );
    expect(after.totals.leads).toBe((before.totals.leads as number) + 1);
    const revenueBefore = (before.totals.revenueWon as Record<string, number>).EUR ?? 0;
    expect((after.totals.revenueWon as Record<string, number>).EUR).toBe(revenueBefore + 12_345);
  });

  it('runs a scheduled 11-minute period once however many workers fire it', async () => {
    // A period long past, so the real schedule's firings cannot take it first.
    const slot = 1_000;
    const fired = await Promise.all([
      runEtl(app.runtime, { trigger: 'schedule', slot }),
      runEtl(app.runtime, { trigger: 'schedule', slot }),
    ]);
    expect(fired.filter((run) => run !== null)).toHaveLength(1);
    expect(await runEtl(app.runtime, { trigger: 'schedule', slot })).toBeNull();
  });

  it('counts a tracked click and a signed conversion, live and after a run', async () => {
    const ad = await trackedAd(app.url, owner);
    const click = await fetch(`${app.url}/t/${ad.linkCode}`, { redirect: 'manual' });
    expect(click.status).toBe(302);
    const conversion = await sendConversion(app.url, orgId, ad, {
      event_id: 'analytics-order-1',
      kind: 'purchase',
      value_minor: 4_500,
      currency: 'USD',
    });
    expect(conversion.status).toBe(201);
    const query = {
      metrics: ['trackedConversions'],
      filters: [{ dimension: 'campaign', values: [ad.campaignId] }],
      dateRange: { from: to, to },
    };
    await eventually(
      () => report(analyst, query),
      (result) => result.totals.trackedConversions === 1,
    );
    await runEtlOverHttp();
    await expectStoreEqualsSources();
    const after = await report(analyst, {
      ...query,
      metrics: ['trackedClicks', 'trackedConversions'],
    });
    expect(after.totals).toEqual({ trackedClicks: 1, trackedConversions: 1 });
  });

  it('computes ratios from sums and keeps money per currency', async () => {
    const result = await report(analyst, {
      metrics: ['clicks', 'impressions', 'ctr', 'spend', 'cpc', 'revenueWon', 'roas'],
      dimensions: ['channel'],
      dateRange: { from, to },
      orderBy: [{ field: 'clicks', direction: 'desc' }],
    });
    const totals = result.totals;
    expect(totals.ctr).toBeCloseTo((totals.clicks as number) / (totals.impressions as number), 10);
    for (const row of result.rows) {
      const { clicks, impressions, ctr } = row.metrics;
      expect(ctr).toBe(impressions === 0 ? null : (clicks as number) / (impressions as number));
    }
    const clicks = result.rows.map((row) => row.metrics.clicks as number);
    expect(clicks).toEqual([...clicks].sort((a, b) => b - a));
    for (const [currency, spend] of Object.entries(totals.spend as Record<string, number>)) {
      const revenue = (totals.revenueWon as Record<string, number>)[currency] ?? 0;
      expect((totals.roas as Record<string, number | null>)[currency]).toBe(
        spend === 0 ? null : revenue / spend,
      );
    }
  });

  it('compares with a previous range and groups by week and month', async () => {
    const result = await report(analyst, {
      metrics: ['impressions', 'leads'],
      dimensions: ['month'],
      dateRange: { from: dayOffset(-59), to },
      compareDateRange: { from: dayOffset(-119), to: dayOffset(-60) },
    });
    expect(result.compare).not.toBeNull();
    for (const row of result.rows) expect(row.dimensions.month).toMatch(/^\d{4}-\d{2}$/);
    const weeks = await report(analyst, {
      metrics: ['impressions'],
      dimensions: ['week'],
      dateRange: { from: dayOffset(-59), to },
    });
    for (const row of weeks.rows)
      expect(new Date(`${row.dimensions.week}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(weeks.totals.impressions).toBe(result.totals.impressions);
  });

  it('shows sales agents only CRM metrics and refuses bad queries naming the field', async () => {
    const crm = await report(salesAgent, {
      metrics: ['leads', 'dealsWon', 'revenueWon'],
      dateRange: { from, to },
    });
    expect(crm.totals.leads).toBeGreaterThan(0);
    const cases: [string, unknown, string][] = [
      [salesAgent, { metrics: ['spend'], dateRange: { from, to } }, 'body.metrics.0'],
      [analyst, { metrics: ['nope'], dateRange: { from, to } }, 'body.metrics.0'],
      [analyst, { metrics: ['clicks'], dateRange: { from: to, to: from } }, 'body.dateRange.to'],
      [
        analyst,
        { metrics: ['clicks'], dimensions: ['planet'], dateRange: { from, to } },
        'body.dimensions.0',
      ],
      [
        analyst,
        {
          metrics: ['clicks'],
          filters: [{ dimension: 'campaign', values: ['not-an-id'] }],
          dateRange: { from, to },
        },
        'body.filters.0.values',
      ],
      [
        analyst,
        { metrics: ['spend'], orderBy: [{ field: 'spend' }], dateRange: { from, to } },
        'body.orderBy.0.currency',
      ],
    ];
    for (const [token, body, field] of cases) {
      const response = await api('POST', '/api/v1/analytics/query', { token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = await json<Problem>(response);
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    }
    const catalog = await json<{
      metrics: { name: string; allowed: boolean; derived: boolean; per_currency: boolean }[];
    }>(await api('GET', '/api/v1/analytics/catalog', { token: salesAgent }));
    expect(catalog.metrics.find((m) => m.name === 'spend')).toMatchObject({
      allowed: false,
      per_currency: true,
    });
    expect(catalog.metrics.find((m) => m.name === 'ctr')).toMatchObject({ derived: true });
    expect(catalog.metrics.find((m) => m.name === 'leads')).toMatchObject({ allowed: true });
  });

  it('shows another organisation none of the demo figures or counts', async () => {
    const other = await signUp(app);
    const result = await report(other.token, {
      metrics: ['impressions', 'leads', 'spend'],
      dimensions: ['campaign'],
      dateRange: { from, to },
    });
    expect(result.rows).toEqual([]);
    expect(result.totals).toMatchObject({ impressions: 0, leads: 0, spend: {} });
    const runs = await json<Page<EtlRun> & { schedule: { period_minutes: number } }>(
      await api('GET', '/api/v1/analytics/etl-runs', { token: other.token }),
    );
    expect(runs.schedule.period_minutes).toBe(11);
    expect(runs.data.length).toBeGreaterThan(0);
    // Each organisation sees a run under an id of its own.
    const demoRuns = await json<Page<EtlRun>>(
      await api('GET', '/api/v1/analytics/etl-runs', { token: analyst }),
    );
    const demoIds = new Set(demoRuns.data.map((run) => run.id));
    expect(runs.data.filter((run) => demoIds.has(run.id))).toEqual([]);
    for (const run of runs.data)
      for (const counts of Object.values(run.sources))
        expect(counts).toEqual({ rows_read: 0, rows_written: 0 });
  });
});

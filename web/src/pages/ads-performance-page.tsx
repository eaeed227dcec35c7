import { formatCompactMoney, formatMoney, formatNumber } from '../i18n/format';
import { useState } from 'react';
import type { Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { TrendChart, type Series } from '../components/trend-chart';
import { isoDay, SelectField } from '../components/widgets';
import {
  adChannels,
  BreakdownTable,
  KpiRow,
  type Campaign,
  type Metrics,
  type Performance,
} from './ads-shared';

const presets = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
];

const chartChoices = {
  money: 'Spend and revenue',
  reach: 'Impressions and clicks',
  conversions: 'Conversions and clicks',
} as const;
type ChartChoice = keyof typeof chartChoices;

/** Every day from `from` to `to` (ISO dates, inclusive). */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    days.push(new Date(t).toISOString().slice(0, 10));
    if (days.length > 800) break;
  }
  return days;
}

function seriesFor(
  choice: ChartChoice,
  days: string[],
  byDay: Map<string, Metrics>,
  currency: string,
): Series[] {
  const values = (pick: (m: Metrics) => number) =>
    days.map((d) => {
      const m = byDay.get(d);
      return m ? pick(m) : 0;
    });
  const money = (v: number) => formatMoney(v, currency);
  const moneyAxis = (v: number) => formatCompactMoney(v, currency);
  switch (choice) {
    case 'money':
      return [
        {
          name: 'Revenue',
          color: '#1f8a4c',
          values: values((m) => m.revenue_minor),
          format: money,
          formatAxis: moneyAxis,
        },
        {
          name: 'Spend',
          color: '#5b3df5',
          values: values((m) => m.spend_minor),
          format: money,
          formatAxis: moneyAxis,
        },
      ];
    case 'reach':
      return [
        {
          name: 'Impressions',
          color: '#5b3df5',
          values: values((m) => m.impressions),
          format: formatNumber,
        },
        { name: 'Clicks', color: '#b7791f', values: values((m) => m.clicks), format: formatNumber },
      ];
    case 'conversions':
      return [
        {
          name: 'Conversions',
          color: '#1f8a4c',
          values: values((m) => m.conversions),
          format: formatNumber,
        },
        { name: 'Clicks', color: '#b7791f', values: values((m) => m.clicks), format: formatNumber },
      ];
  }
}

export function AdsPerformancePage({ param }: { param?: string }) {
  const [from, setFrom] = useState(isoDay(-29));
  const [to, setTo] = useState(isoDay());
  const [campaignId, setCampaignId] = useState(param ?? '');
  const [channel, setChannel] = useState('');
  const [chart, setChart] = useState<ChartChoice>('money');
  const campaigns = useApiQuery<Page<Campaign>>('/api/v1/campaigns?limit=100');

  const base = new URLSearchParams({ from, to });
  if (campaignId) base.set('campaign_id', campaignId);
  if (channel) base.set('channel', channel);
  const valid = from <= to;
  const path = (groupBy: string) =>
    valid ? `/api/v1/ads/performance?${base.toString()}&group_by=${groupBy}` : null;
  const daily = useApiQuery<Performance>(path('day'));
  const byChannel = useApiQuery<Performance>(path('channel'));
  const byCountry = useApiQuery<Performance>(path('country'));

  const list = campaigns.data?.data ?? [];
  const chosen = list.find((c) => c.id === campaignId);
  const currencies = [...new Set(list.map((c) => c.budget.currency))];
  const currency = chosen?.budget.currency ?? currencies[0] ?? 'USD';
  const mixed = !chosen && currencies.length > 1;

  const days = valid ? daysBetween(from, to) : [];
  const byDay = new Map((daily.data?.data ?? []).map((row) => [row.key, row]));
  const empty =
    daily.data && daily.data.total.impressions === 0 && daily.data.total.spend_minor === 0;

  return (
    <div className="stack">
      <Card title="Filters">
        <div className="filters">
          <label className="field">
            <span>From</span>
            <input
              type="date"
              name="from"
              value={from}
              max={to}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label className="field">
            <span>To</span>
            <input
              type="date"
              name="to"
              value={to}
              min={from}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <SelectField
            label="Campaign"
            name="campaign"
            value={campaignId}
            onChange={setCampaignId}
            options={list.map((c) => ({ value: c.id, label: `${c.name} (${c.brand})` }))}
            allowEmpty="All campaigns"
          />
          <SelectField
            label="Channel"
            name="channel"
            value={channel}
            onChange={setChannel}
            options={adChannels}
            allowEmpty="All channels"
          />
          <div className="form-actions">
            {presets.map((p) => (
              <button
                key={p.days}
                type="button"
                className="secondary"
                aria-pressed={from === isoDay(-(p.days - 1)) && to === isoDay()}
                onClick={() => {
                  setFrom(isoDay(-(p.days - 1)));
                  setTo(isoDay());
                }}
              >
                {p.label}
              </button>
            ))}
          </div>
        </div>
        {!valid ? <p className="notice notice-error">“From” must not be after “To”.</p> : null}
        {mixed ? (
          <p className="muted small">
            Campaigns use several currencies ({currencies.join(', ')}); money is summed as reported
            and shown in {currency}. Choose a campaign for exact amounts.
          </p>
        ) : null}
      </Card>
      <Card title="Key figures">
        {daily.isLoading && !daily.data ? <Loading /> : null}
        <ErrorNotice error={daily.error} />
        {daily.data ? <KpiRow total={daily.data.total} currency={currency} /> : null}
      </Card>
      <Card
        title="Day by day"
        actions={
          <select
            aria-label="Chart"
            value={chart}
            onChange={(e) => setChart(e.target.value as ChartChoice)}
          >
            {Object.entries(chartChoices).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        }
      >
        {empty ? (
          <Empty>No delivery in this range. Active campaigns report every minute.</Empty>
        ) : daily.data ? (
          <TrendChart
            labels={days}
            series={seriesFor(chart, days, byDay, currency)}
            title={chartChoices[chart]}
          />
        ) : null}
      </Card>
      <div className="grid">
        <Card title="By channel">
          <ErrorNotice error={byChannel.error} />
          {byChannel.data && byChannel.data.data.length === 0 ? <Empty>No data.</Empty> : null}
          {byChannel.data && byChannel.data.data.length > 0 ? (
            <div className="table-scroll">
              <BreakdownTable title="Channel" rows={byChannel.data.data} currency={currency} />
            </div>
          ) : null}
        </Card>
        <Card title="By country">
          <ErrorNotice error={byCountry.error} />
          {byCountry.data && byCountry.data.data.length === 0 ? <Empty>No data.</Empty> : null}
          {byCountry.data && byCountry.data.data.length > 0 ? (
            <div className="table-scroll">
              <BreakdownTable title="Country" rows={byCountry.data.data} currency={currency} />
            </div>
          ) : null}
        </Card>
      </div>
    </div>
  );
}

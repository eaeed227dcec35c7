import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCompactMoney, formatMoney, formatNumber } from '../i18n/format';
import { channelName, countryName } from './markets';
import type { Page } from '../api/client';
import { useApiQuery } from '../api/queries';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { TrendChart } from '../components/charts';
import type { Series } from '../components/trend-chart';
import { isoDay } from '../components/widgets';
import {
  adChannels,
  BreakdownTable,
  KpiRow,
  type Campaign,
  type Metrics,
  type Performance,
} from './ads-shared';

const presets = [7, 30, 90];

const chartChoices = ['money', 'reach', 'conversions'] as const;
type ChartChoice = (typeof chartChoices)[number];

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
  t: TFunction,
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
          name: t('ads.revenue'),
          color: '#1f8a4c',
          values: values((m) => m.revenue_minor),
          format: money,
          formatAxis: moneyAxis,
        },
        {
          name: t('ads.spend'),
          color: '#5b3df5',
          values: values((m) => m.spend_minor),
          format: money,
          formatAxis: moneyAxis,
        },
      ];
    case 'reach':
      return [
        {
          name: t('ads.impressions'),
          color: '#5b3df5',
          values: values((m) => m.impressions),
          format: formatNumber,
        },
        {
          name: t('ads.clicks'),
          color: '#b7791f',
          values: values((m) => m.clicks),
          format: formatNumber,
        },
      ];
    case 'conversions':
      return [
        {
          name: t('ads.conversions'),
          color: '#1f8a4c',
          values: values((m) => m.conversions),
          format: formatNumber,
        },
        {
          name: t('ads.clicks'),
          color: '#b7791f',
          values: values((m) => m.clicks),
          format: formatNumber,
        },
      ];
  }
}

export function AdsPerformancePage({ param }: { param?: string }) {
  const { t } = useTranslation();
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
      <Card title={t('ads.filters')}>
        <div className="filters">
          <label className="field">
            <span>{t('ads.from')}</span>
            <input
              type="date"
              name="from"
              value={from}
              max={to}
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('ads.to')}</span>
            <input
              type="date"
              name="to"
              value={to}
              min={from}
              onChange={(e) => setTo(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('ads.campaign')}</span>
            <select value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
              <option value="">{t('ads.allCampaigns')}</option>
              {list.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.brand})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('ads.channel')}</span>
            <select value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">{t('ads.allChannels')}</option>
              {adChannels.map((value) => (
                <option key={value} value={value}>
                  {channelName(value)}
                </option>
              ))}
            </select>
          </label>
          <div className="form-actions">
            {presets.map((days) => (
              <button
                key={days}
                type="button"
                className="secondary"
                aria-pressed={from === isoDay(-(days - 1)) && to === isoDay()}
                onClick={() => {
                  setFrom(isoDay(-(days - 1)));
                  setTo(isoDay());
                }}
              >
                {t('ads.days', { count: days })}
              </button>
            ))}
          </div>
        </div>
        {!valid ? <p className="notice notice-error">{t('ads.fromAfterTo')}</p> : null}
        {mixed ? (
          <p className="muted small">
            {t('ads.mixedCurrencies', { currencies: currencies.join(', '), currency })}
          </p>
        ) : null}
      </Card>
      <Card title={t('ads.keyFigures')}>
        {daily.isLoading && !daily.data ? <Loading /> : null}
        <ErrorNotice error={daily.error} />
        {daily.data ? <KpiRow total={daily.data.total} currency={currency} /> : null}
      </Card>
      <Card
        title={t('ads.dayByDay')}
        actions={
          <select
            aria-label={t('ads.chart')}
            value={chart}
            onChange={(e) => setChart(e.target.value as ChartChoice)}
          >
            {chartChoices.map((value) => (
              <option key={value} value={value}>
                {t(`ads.charts.${value}`)}
              </option>
            ))}
          </select>
        }
      >
        {empty ? (
          <Empty>{t('ads.noDelivery')}</Empty>
        ) : daily.data ? (
          <TrendChart
            labels={days}
            series={seriesFor(t, chart, days, byDay, currency)}
            title={t(`ads.charts.${chart}`)}
          />
        ) : null}
      </Card>
      <div className="grid">
        <Card title={t('ads.byChannel')}>
          <ErrorNotice error={byChannel.error} />
          {byChannel.data && byChannel.data.data.length === 0 ? (
            <Empty>{t('ads.noData')}</Empty>
          ) : null}
          {byChannel.data && byChannel.data.data.length > 0 ? (
            <div className="table-scroll">
              <BreakdownTable
                title={t('ads.channel')}
                rows={byChannel.data.data}
                currency={currency}
                labelOf={channelName}
              />
            </div>
          ) : null}
        </Card>
        <Card title={t('ads.byCountry')}>
          <ErrorNotice error={byCountry.error} />
          {byCountry.data && byCountry.data.data.length === 0 ? (
            <Empty>{t('ads.noData')}</Empty>
          ) : null}
          {byCountry.data && byCountry.data.data.length > 0 ? (
            <div className="table-scroll">
              <BreakdownTable
                title={t('ads.country')}
                rows={byCountry.data.data}
                currency={currency}
                labelOf={countryName}
              />
            </div>
          ) : null}
        </Card>
      </div>
    </div>
  );
}

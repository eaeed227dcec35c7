import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { usePermissions } from '../components/permissions';
import { RankedBars } from '../components/ranked-bars';
import { TrendChart, type Series } from '../components/trend-chart';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { isoDay, SelectField } from '../components/widgets';
import { currentLanguage } from '../i18n';
import { formatCompactMoney, formatDay, formatMoney } from '../i18n/format';
import type { Page } from '../api/client';
import type { Campaign } from './ads-shared';
import {
  useAssetTitles,
  useCampaignNames,
  useCatalog,
  useLiveRefresh,
  useReport,
  type CatalogMetric,
  type Filter,
} from './dashboard-queries';
import {
  breakdownCsv,
  daysIn,
  isEmptyReport,
  isIsoDay,
  lastDays,
  perCurrency,
  previousRange,
  scalar,
  timeGrain,
  type DateRange,
  type ReportRow,
} from './dashboard-report';
import { Funnel, KpiTiles, RankList, ReportTable, formatMetric } from './dashboard-widgets';
import { channelName, channelOptions, marketOptions } from './markets';
import './dashboard.css';

const kpiMetrics = [
  'impressions',
  'clicks',
  'ctr',
  'conversions',
  'spend',
  'leads',
  'dealsWon',
  'revenueWon',
  'roas',
];
const breakdownMetrics = [
  'impressions',
  'clicks',
  'conversions',
  'spend',
  'leads',
  'dealsWon',
  'revenueWon',
];
const funnelMetrics = ['impressions', 'clicks', 'leads', 'dealsWon'];
const breakdownDimensions = ['channel', 'country', 'campaign', 'asset'] as const;
type BreakdownDimension = (typeof breakdownDimensions)[number];
const presets = [7, 30, 90, 365];
const breakdownRows = 25;

interface Organization {
  id: string;
  name: string;
}

/** Every day from `from` to `to`, so the time chart has a point (zero) for quiet days. */
function everyDay(range: DateRange): string[] {
  const days: string[] = [];
  for (let t = Date.parse(range.from); t <= Date.parse(range.to); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function download(csv: string, filename: string) {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * The analytics dashboard (issue 14): key figures against the period before, spend and revenue
 * over time, the funnel, breakdowns, top and bottom campaigns and the best content, over a date
 * range and filters kept in the URL, refreshed live. Only the metrics the role may read are
 * asked for, so a sales agent sees the CRM's figures and nothing is refused.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const permissions = usePermissions();
  const live = useLiveRefresh();
  const [params, setParams] = useSearchParams();
  const organization = useApiQuery<Organization>('/api/v1/organization');
  const catalog = useCatalog();

  const today = isoDay();
  const fallback = lastDays(30, today);
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const range: DateRange = {
    from: isIsoDay(fromParam) ? fromParam : fallback.from,
    to: isIsoDay(toParam) ? toParam : fallback.to,
  };
  const channel = params.get('channel') ?? '';
  const country = params.get('country') ?? '';
  const campaign = params.get('campaign') ?? '';
  const by: BreakdownDimension =
    breakdownDimensions.find((d) => d === params.get('by')) ?? 'channel';
  const update = (changes: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes))
          if (value) next.set(key, value);
          else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const validOrder = range.from <= range.to;
  const validLength = !validOrder || daysIn(range) <= catalog.maxRangeDays;
  const ready = catalog.isSuccess && validOrder && validLength;
  const metricsOf = (names: readonly string[]) =>
    names.flatMap((name) => {
      const metric = catalog.allowed.get(name);
      return metric ? [metric] : [];
    });
  const names = (list: readonly CatalogMetric[]) => list.map((metric) => metric.name);
  const kpis = metricsOf(kpiMetrics);
  const money = metricsOf(['spend', 'revenueWon']);
  const breakdown = metricsOf(breakdownMetrics);
  const rank = catalog.allowed.get('conversions') ?? catalog.allowed.get('leads');
  const filters: Filter[] = [
    ...(channel ? [{ dimension: 'channel', values: [channel] }] : []),
    ...(country ? [{ dimension: 'country', values: [country] }] : []),
    ...(campaign ? [{ dimension: 'campaign', values: [campaign] }] : []),
  ];
  const grain = timeGrain(range);
  const ranked = (dimension: string, direction: 'asc' | 'desc') =>
    ready && rank
      ? {
          metrics: [rank.name],
          dimensions: [dimension],
          filters: [...filters, { dimension, operator: 'notIn' as const, values: [''] }],
          dateRange: range,
          orderBy: [{ field: rank.name, direction }],
          limit: 5,
        }
      : null;

  const totals = useReport(
    ready && kpis.length > 0
      ? { metrics: names(kpis), filters, dateRange: range, compareDateRange: previousRange(range) }
      : null,
  );
  const trend = useReport(
    ready && money.length > 0
      ? { metrics: names(money), dimensions: [grain], filters, dateRange: range, limit: 1000 }
      : null,
  );
  const split = useReport(
    ready && rank && breakdown.length > 0
      ? {
          metrics: names(breakdown),
          dimensions: [by],
          filters,
          dateRange: range,
          orderBy: [{ field: rank.name, direction: 'desc' as const }],
          limit: breakdownRows,
        }
      : null,
  );
  const top = useReport(ranked('campaign', 'desc'));
  const bottom = useReport(ranked('campaign', 'asc'));
  const content = useReport(ranked('asset', 'desc'));

  const canSeeCampaigns = permissions.can('ads:read');
  const campaigns = useApiQuery<Page<Campaign>>(
    canSeeCampaigns ? '/api/v1/campaigns?limit=100' : null,
  );
  const campaignIds = [
    ...(split.data && by === 'campaign' ? split.data.rows : []),
    ...(top.data?.rows ?? []),
    ...(bottom.data?.rows ?? []),
  ].map((row) => row.dimensions.campaign ?? '');
  const campaignNames = useCampaignNames(campaignIds, canSeeCampaigns);
  const assetIds = [
    ...(split.data && by === 'asset' ? split.data.rows : []),
    ...(content.data?.rows ?? []),
  ].map((row) => row.dimensions.asset ?? '');
  const assetTitles = useAssetTitles(assetIds, permissions.can('content:read'));
  const regions = new Intl.DisplayNames([currentLanguage()], { type: 'region' });
  const nameOf = (dimension: string) => (value: string) => {
    if (!value)
      return dimension === 'campaign' ? t('dashboard.noCampaign') : t('dashboard.unknown');
    if (dimension === 'channel') return channelName(value);
    if (dimension === 'country') {
      try {
        return regions.of(value) ?? value;
      } catch {
        return value;
      }
    }
    if (dimension === 'campaign') return campaignNames.get(value) ?? value.slice(0, 8);
    if (dimension === 'asset') return assetTitles.get(value) ?? value.slice(0, 8);
    return value;
  };

  const currencies = [
    ...new Set(money.flatMap((m) => perCurrency(totals.data?.totals[m.name]).map(([c]) => c))),
  ].sort();
  const chosenCurrency = params.get('currency');
  const currency =
    chosenCurrency && currencies.includes(chosenCurrency) ? chosenCurrency : currencies[0];
  const empty = totals.data ? isEmptyReport(totals.data.totals) : false;

  return (
    <div className="stack dashboard">
      <p className="dashboard-meta">
        <span>
          {t('dashboard.organization')}:{' '}
          <strong data-testid="organization-name">{organization.data?.name ?? '…'}</strong>
        </span>
        <span className={`live-indicator${live ? ' is-live' : ''}`} role="status">
          {live ? t('dashboard.live') : t('dashboard.offline')}
        </span>
      </p>
      <Card title={t('dashboard.filters')}>
        <div className="filters">
          <label className="field">
            <span>{t('dashboard.from')}</span>
            <input
              type="date"
              name="from"
              value={range.from}
              max={range.to}
              onChange={(e) => update({ from: e.target.value })}
            />
          </label>
          <label className="field">
            <span>{t('dashboard.to')}</span>
            <input
              type="date"
              name="to"
              value={range.to}
              min={range.from}
              onChange={(e) => update({ to: e.target.value })}
            />
          </label>
          <SelectField
            label={t('dashboard.channel')}
            name="channel"
            value={channel}
            onChange={(value) => update({ channel: value })}
            options={channelOptions}
            allowEmpty={t('dashboard.allChannels')}
          />
          <SelectField
            label={t('dashboard.country')}
            name="country"
            value={country}
            onChange={(value) => update({ country: value })}
            options={marketOptions()}
            allowEmpty={t('dashboard.allCountries')}
          />
          {canSeeCampaigns ? (
            <SelectField
              label={t('dashboard.campaign')}
              name="campaign"
              value={campaign}
              onChange={(value) => update({ campaign: value })}
              options={(campaigns.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              allowEmpty={t('dashboard.allCampaigns')}
            />
          ) : null}
        </div>
        <div className="form-actions presets">
          {presets.map((days) => {
            const preset = lastDays(days, today);
            return (
              <button
                key={days}
                type="button"
                className="secondary"
                aria-pressed={range.from === preset.from && range.to === preset.to}
                onClick={() => update({ from: preset.from, to: preset.to })}
              >
                {t('dashboard.lastDays', { days })}
              </button>
            );
          })}
        </div>
        {!validOrder ? <p className="notice notice-error">{t('dashboard.badRange')}</p> : null}
        {!validLength ? (
          <p className="notice notice-error">
            {t('dashboard.tooLong', { days: catalog.maxRangeDays })}
          </p>
        ) : null}
      </Card>

      <Card title={t('dashboard.keyFigures')}>
        <ErrorNotice error={catalog.error ?? totals.error} />
        {catalog.isLoading || (totals.isLoading && !totals.data) ? <Loading /> : null}
        {totals.data ? (
          <>
            <p className="muted small">
              {totals.data.compare
                ? t('dashboard.comparedWith', {
                    from: formatDay(totals.data.compare.dateRange.from),
                    to: formatDay(totals.data.compare.dateRange.to),
                  })
                : null}{' '}
              {t('dashboard.perCurrency')}
            </p>
            <KpiTiles
              metrics={kpis}
              totals={totals.data.totals}
              previous={totals.data.compare?.totals}
            />
          </>
        ) : null}
        {empty ? <Empty>{t('dashboard.empty')}</Empty> : null}
      </Card>

      {totals.data && !empty ? (
        <>
          <div className="grid">
            <TrendCard
              rows={trend.data?.rows ?? []}
              range={range}
              grain={grain}
              metrics={money}
              currency={currency}
              currencies={currencies}
              onCurrency={(value) => update({ currency: value })}
              canMarketing={catalog.allowed.has('spend')}
            />
            <Card title={t('dashboard.funnel')}>
              <Funnel
                steps={metricsOf(funnelMetrics).map((metric) => ({
                  name: metric.name,
                  label: t(`dashboard.metrics.${metric.name}` as 'dashboard.metrics.clicks'),
                  value: scalar(totals.data.totals[metric.name]) ?? 0,
                }))}
              />
            </Card>
          </div>
          <BreakdownCard
            by={by}
            onBy={(value) => update({ by: value })}
            rows={split.data?.rows}
            rowCount={split.data?.rowCount ?? 0}
            error={split.error}
            metrics={breakdown}
            rank={rank}
            nameOf={nameOf(by)}
            filename={`dashboard-${by}-${range.from}-${range.to}.csv`}
          />
          {rank ? (
            <>
              <Card title={t('dashboard.campaigns')}>
                <div className="rank-columns">
                  <RankList
                    title={t('dashboard.top')}
                    testId="top-campaigns"
                    rows={top.data?.rows ?? []}
                    dimension="campaign"
                    metric={rank}
                    nameOf={nameOf('campaign')}
                  />
                  <RankList
                    title={t('dashboard.bottom')}
                    testId="bottom-campaigns"
                    rows={bottom.data?.rows ?? []}
                    dimension="campaign"
                    metric={rank}
                    nameOf={nameOf('campaign')}
                  />
                </div>
              </Card>
              <Card title={t('dashboard.bestContent')}>
                {content.data && content.data.rows.length === 0 ? (
                  <Empty>{t('dashboard.noContent')}</Empty>
                ) : (
                  <RankList
                    title={t('dashboard.rankedBy', {
                      metric: t(`dashboard.metrics.${rank.name}` as 'dashboard.metrics.clicks'),
                    })}
                    testId="best-content"
                    rows={content.data?.rows ?? []}
                    dimension="asset"
                    metric={rank}
                    nameOf={nameOf('asset')}
                  />
                )}
              </Card>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

/** Spend and revenue (or revenue alone for the CRM's roles) in one currency over time. */
function TrendCard({
  rows,
  range,
  grain,
  metrics,
  currency,
  currencies,
  onCurrency,
  canMarketing,
}: {
  rows: readonly ReportRow[];
  range: DateRange;
  grain: 'day' | 'week' | 'month';
  metrics: readonly CatalogMetric[];
  currency: string | undefined;
  currencies: readonly string[];
  onCurrency: (currency: string) => void;
  canMarketing: boolean;
}) {
  const { t } = useTranslation();
  const title = canMarketing ? t('dashboard.spendRevenue') : t('dashboard.revenueOverTime');
  const labels =
    grain === 'day'
      ? everyDay(range)
      : [...new Set(rows.map((row) => row.dimensions[grain] ?? ''))].sort();
  const byKey = new Map(rows.map((row) => [row.dimensions[grain] ?? '', row]));
  const colors = ['#5b3df5', '#1f8a4c'];
  const series: Series[] = currency
    ? metrics.map((metric, index) => ({
        name: t(`dashboard.metrics.${metric.name}` as 'dashboard.metrics.clicks'),
        color: colors[index] ?? '#b7791f',
        values: labels.map(
          (key) =>
            perCurrency(byKey.get(key)?.metrics[metric.name]).find(([c]) => c === currency)?.[1] ??
            0,
        ),
        format: (value: number) => formatMoney(value, currency),
        formatAxis: (value: number) => formatCompactMoney(value, currency),
      }))
    : [];
  return (
    <Card
      title={title}
      actions={
        currencies.length > 1 ? (
          <select
            aria-label={t('dashboard.currency')}
            value={currency}
            onChange={(e) => onCurrency(e.target.value)}
          >
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        ) : null
      }
    >
      {series.length > 0 && labels.length > 0 ? (
        <TrendChart labels={labels} series={series} title={`${title} (${currency})`} />
      ) : (
        <Empty>{t('dashboard.noRows')}</Empty>
      )}
    </Card>
  );
}

/** The breakdown by one dimension: ranked bars, the table, and its CSV. */
function BreakdownCard({
  by,
  onBy,
  rows,
  rowCount,
  error,
  metrics,
  rank,
  nameOf,
  filename,
}: {
  by: BreakdownDimension;
  onBy: (by: BreakdownDimension) => void;
  rows: readonly ReportRow[] | undefined;
  rowCount: number;
  error: Parameters<typeof ErrorNotice>[0]['error'];
  metrics: readonly CatalogMetric[];
  rank: CatalogMetric | undefined;
  nameOf: (value: string) => string;
  filename: string;
}) {
  const { t } = useTranslation();
  const caption = t('dashboard.breakdown');
  return (
    <Card
      title={caption}
      actions={
        <button
          type="button"
          className="secondary"
          disabled={!rows || rows.length === 0}
          onClick={() =>
            rows &&
            download(
              breakdownCsv(
                rows,
                by,
                metrics.map((m) => ({ name: m.name, perCurrency: m.per_currency })),
                nameOf,
              ),
              filename,
            )
          }
        >
          {t('dashboard.exportCsv')}
        </button>
      }
    >
      <div className="segmented" role="group" aria-label={t('dashboard.breakdownBy')}>
        {breakdownDimensions.map((dimension) => (
          <button
            key={dimension}
            type="button"
            aria-pressed={by === dimension}
            onClick={() => onBy(dimension)}
          >
            {t(`dashboard.dimensions.${dimension}`)}
          </button>
        ))}
      </div>
      <ErrorNotice error={error} />
      {!rows ? <Loading /> : null}
      {rows && rows.length === 0 ? <Empty>{t('dashboard.noRows')}</Empty> : null}
      {rows && rows.length > 0 && rank ? (
        <>
          <RankedBars
            title={t(`dashboard.metrics.${rank.name}` as 'dashboard.metrics.clicks')}
            items={rows.slice(0, 10).map((row) => ({
              label: nameOf(row.dimensions[by] ?? ''),
              value: scalar(row.metrics[rank.name]) ?? 0,
            }))}
            format={(value) => formatMetric(rank, value)}
          />
          <ReportTable
            caption={`${caption}: ${t(`dashboard.dimensions.${by}`)}`}
            dimension={by}
            rows={rows}
            metrics={metrics}
            nameOf={nameOf}
          />
          <p className="muted small">
            {t('dashboard.showing', { shown: rows.length, total: rowCount })}
          </p>
        </>
      ) : null}
    </Card>
  );
}

import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useApiQuery } from '../api/queries';
import { usePermissions } from '../components/permissions';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { isoDay, SelectField } from '../components/widgets';
import { formatDay } from '../i18n/format';
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
  daysIn,
  isEmptyReport,
  isIsoDay,
  lastDays,
  perCurrency,
  previousRange,
  scalar,
  timeGrain,
  type DateRange,
} from './dashboard-report';
import {
  BreakdownCard,
  breakdownDimensions,
  TrendCard,
  type BreakdownDimension,
} from './dashboard-cards';
import { Funnel, KpiTiles, RankList } from './dashboard-widgets';
import { channelName, channelOptions, countryName, marketOptions } from './markets';
import {
  breakdownMetrics,
  breakdownRows,
  funnelMetrics,
  kpiMetrics,
  presets,
  rankedRows,
} from './dashboard-metrics';
import './dashboard.css';

interface Organization {
  id: string;
  name: string;
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
          limit: rankedRows,
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
  const nameOf = (dimension: string) => (value: string) => {
    if (!value)
      return dimension === 'campaign' ? t('dashboard.noCampaign') : t('dashboard.unknown');
    if (dimension === 'channel') return channelName(value);
    if (dimension === 'country') return countryName(value);
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

import { useTranslation } from 'react-i18next';
import { RankedBars, TrendChart } from '../components/charts';
import type { Series } from '../components/trend-chart';
import { Card, Empty, ErrorNotice, Loading } from '../components/ui';
import { currencyExponent, formatCompact, formatMoney } from '../i18n/format';
import type { CatalogMetric } from './dashboard-queries';
import {
  breakdownCsv,
  perCurrency,
  scalar,
  type DateRange,
  type ReportRow,
} from './dashboard-report';
import { formatMetric, ReportTable } from './dashboard-widgets';

export const breakdownDimensions = ['channel', 'country', 'campaign', 'asset'] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

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

/** Spend and revenue (or revenue alone for the CRM's roles) in one currency over time. */
export function TrendCard({
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
        // The axis has little room: the figure alone, the currency is in the chart's title.
        formatAxis: (value: number) => formatCompact(value / 10 ** currencyExponent(currency)),
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
export function BreakdownCard({
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

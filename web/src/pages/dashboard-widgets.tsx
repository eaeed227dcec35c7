import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Kpi } from '../components/widgets';
import { formatMoney, formatNumber, formatPercent } from '../i18n/format';
import type { CatalogMetric } from './dashboard-queries';
import { change, perCurrency, scalar, type MetricValue, type ReportRow } from './dashboard-report';

/** A figure of a metric as the reader expects it: a count, a percentage, an amount, a multiple. */
export function formatMetric(metric: CatalogMetric, value: number | null, currency?: string) {
  if (value === null) return '—';
  switch (metric.unit) {
    case 'count':
      return formatNumber(value);
    case 'ratio':
      // Return on ad spend is a multiple of the spend; the other ratios are rates.
      return metric.per_currency ? `${formatNumber(value, 2)}×` : formatPercent(value);
    default:
      return formatMoney(value, currency ?? 'USD');
  }
}

/** "▲ 12.5% vs previous period", with the arrow so the direction is not told by colour alone. */
function changeHint(t: TFunction, current: number | null, previous: number | null): string {
  const ratio = change(current, previous);
  if (ratio === null) return t('dashboard.noComparison');
  if (ratio === 0) return t('dashboard.flat');
  const text = formatPercent(Math.abs(ratio), 1);
  return ratio > 0 ? t('dashboard.up', { change: text }) : t('dashboard.down', { change: text });
}

/**
 * One tile per count or rate, and one per currency for money: amounts in different currencies
 * are never added. Each shows its change from the period before.
 */
export function KpiTiles({
  metrics,
  totals,
  previous,
}: {
  metrics: readonly CatalogMetric[];
  totals: Record<string, MetricValue>;
  previous: Record<string, MetricValue> | undefined;
}) {
  const { t } = useTranslation();
  const label = (metric: CatalogMetric) =>
    t(`dashboard.metrics.${metric.name}` as 'dashboard.metrics.clicks', {
      defaultValue: metric.label,
    });
  return (
    <div className="kpis">
      {metrics.flatMap((metric) => {
        if (!metric.per_currency) {
          const value = scalar(totals[metric.name]);
          return [
            <Kpi
              key={metric.name}
              testId={`kpi-${metric.name}`}
              label={label(metric)}
              value={formatMetric(metric, value)}
              hint={changeHint(t, value, scalar(previous?.[metric.name]))}
            />,
          ];
        }
        const amounts = perCurrency(totals[metric.name]);
        if (amounts.length === 0)
          return [
            <Kpi key={metric.name} testId={`kpi-${metric.name}`} label={label(metric)} value="—" />,
          ];
        const before = new Map(perCurrency(previous?.[metric.name]));
        return amounts.map(([currency, amount]) => (
          <Kpi
            key={`${metric.name}-${currency}`}
            testId={`kpi-${metric.name}-${currency}`}
            label={`${label(metric)} (${currency})`}
            value={formatMetric(metric, amount, currency)}
            hint={changeHint(t, amount, before.get(currency) ?? null)}
          />
        ));
      })}
    </div>
  );
}

/** Impressions → clicks → leads → deals won, each step as a share of the one before. */
export function Funnel({
  steps,
}: {
  steps: readonly { name: string; label: string; value: number }[];
}) {
  const { t } = useTranslation();
  const widest = Math.max(1, ...steps.map((step) => step.value));
  return (
    <ol className="funnel">
      {steps.map((step, index) => {
        const before = steps[index - 1]?.value;
        return (
          <li key={step.name} data-testid={`funnel-${step.name}`}>
            <span className="funnel-label">
              {step.label}: <strong>{formatNumber(step.value)}</strong>
            </span>
            <span className="funnel-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(0.5, (step.value / widest) * 100)}%` }} />
            </span>
            {before !== undefined ? (
              <span className="muted small">
                {t('dashboard.funnelStep', {
                  rate: formatPercent(before > 0 ? step.value / before : null, 1),
                })}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Rows of a report as a table: the dimension's name, then each metric (money per currency). */
export function ReportTable({
  caption,
  dimension,
  rows,
  metrics,
  nameOf,
}: {
  caption: string;
  dimension: string;
  rows: readonly ReportRow[];
  metrics: readonly CatalogMetric[];
  nameOf: (value: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <thead>
          <tr>
            <th scope="col">
              {t(`dashboard.dimensions.${dimension}` as 'dashboard.dimensions.channel')}
            </th>
            {metrics.map((metric) => (
              <th key={metric.name} scope="col" className="num">
                {t(`dashboard.metrics.${metric.name}` as 'dashboard.metrics.clicks', {
                  defaultValue: metric.label,
                })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = row.dimensions[dimension] ?? '';
            return (
              <tr key={key}>
                <th scope="row">{nameOf(key)}</th>
                {metrics.map((metric) => (
                  <td key={metric.name} className="num">
                    {metric.per_currency
                      ? perCurrency(row.metrics[metric.name])
                          .map(([currency, amount]) => formatMetric(metric, amount, currency))
                          .join(' · ') || '—'
                      : formatMetric(metric, scalar(row.metrics[metric.name]))}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A short ranked list (top or bottom campaigns, best content): name and the ranking figure. */
export function RankList({
  title,
  rows,
  dimension,
  metric,
  nameOf,
  testId,
}: {
  title: string;
  rows: readonly ReportRow[];
  dimension: string;
  metric: CatalogMetric;
  nameOf: (value: string) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">{t('dashboard.noRows')}</p>
      ) : (
        <ol className="rank-list">
          {rows.map((row) => {
            const key = row.dimensions[dimension] ?? '';
            return (
              <li key={key}>
                <div>
                  <span className="wrap">{nameOf(key)}</span>
                  <strong>{formatMetric(metric, scalar(row.metrics[metric.name]))}</strong>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

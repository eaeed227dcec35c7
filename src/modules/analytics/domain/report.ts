import {
  isMoneyMetric,
  metricNamed,
  type BaseMeasure,
  type DimensionName,
  type MetricDefinition,
} from './catalog.js';
import type { ReportQuery } from './report-query.js';

/** Sums of stored measures for one group of dimension values in one currency ('' = none). */
export interface FactGroup {
  dimensions: Partial<Record<DimensionName, string>>;
  currency: string;
  sums: Partial<Record<BaseMeasure, number>>;
}

/** A count or ratio, or for money metrics one value per currency (never summed across). */
export type MetricValue = number | null | Record<string, number | null>;

export interface ReportRow {
  dimensions: Partial<Record<DimensionName, string>>;
  metrics: Record<string, MetricValue>;
}

export interface Report {
  rows: ReportRow[];
  /** Rows before `limit`. */
  rowCount: number;
  totals: Record<string, MetricValue>;
}

/** The stored measures a set of metrics reads. */
export function measuresOf(metricNames: readonly string[]): BaseMeasure[] {
  const needed = new Set<BaseMeasure>();
  for (const name of metricNames) {
    const metric = metricNamed(name)!;
    const parts = metric.kind === 'sum' ? metric.of : [...metric.numerator, ...metric.denominator];
    for (const part of parts) needed.add(part);
  }
  return [...needed];
}

interface Accumulator {
  dimensions: Partial<Record<DimensionName, string>>;
  /** Sums per currency. */
  byCurrency: Map<string, Partial<Record<BaseMeasure, number>>>;
}

const add = (sums: Partial<Record<BaseMeasure, number>>, measures: readonly BaseMeasure[]) =>
  measures.reduce((total, measure) => total + (sums[measure] ?? 0), 0);

function allCurrencies(accumulator: Accumulator): Partial<Record<BaseMeasure, number>> {
  const total: Partial<Record<BaseMeasure, number>> = {};
  for (const sums of accumulator.byCurrency.values())
    for (const [measure, value] of Object.entries(sums) as [BaseMeasure, number][])
      total[measure] = (total[measure] ?? 0) + value;
  return total;
}

const divide = (numerator: number, denominator: number) =>
  denominator === 0 ? null : numerator / denominator;

function valueOf(metric: MetricDefinition, accumulator: Accumulator): MetricValue {
  const compute = (sums: Partial<Record<BaseMeasure, number>>) =>
    metric.kind === 'sum'
      ? add(sums, metric.of)
      : divide(add(sums, metric.numerator), add(sums, metric.denominator));
  if (!isMoneyMetric(metric)) return compute(allCurrencies(accumulator));
  const perCurrency: Record<string, number | null> = {};
  for (const [currency, sums] of [...accumulator.byCurrency].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    // Rows without a currency hold no money: they cannot make a money figure.
    if (currency !== '') perCurrency[currency] = compute(sums);
  }
  return perCurrency;
}

function sortKey(value: MetricValue | string | undefined, currency: string | undefined) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object') return currency ? (value[currency] ?? null) : null;
  return value;
}

function compareValues(
  a: number | string | null,
  b: number | string | null,
  direction: 'asc' | 'desc',
): number {
  // Missing values last whichever the direction.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return direction === 'asc' ? order : -order;
}

/**
 * Folds grouped sums into report rows: count metrics add across currencies, money metrics stay
 * per currency, ratios are computed from the group's sums. Ordered by `orderBy` (then by the
 * dimension values, so equal rows come in a stable order) and cut at `limit`.
 */
export function buildReport(
  query: Pick<ReportQuery, 'metrics' | 'dimensions' | 'orderBy' | 'limit'>,
  groups: readonly FactGroup[],
): Report {
  const byKey = new Map<string, Accumulator>();
  const total: Accumulator = { dimensions: {}, byCurrency: new Map() };
  for (const group of groups) {
    const key = JSON.stringify(query.dimensions.map((name) => group.dimensions[name] ?? ''));
    let accumulator = byKey.get(key);
    if (!accumulator) {
      accumulator = { dimensions: group.dimensions, byCurrency: new Map() };
      byKey.set(key, accumulator);
    }
    for (const target of [accumulator, total]) {
      const sums = target.byCurrency.get(group.currency) ?? {};
      for (const [measure, value] of Object.entries(group.sums) as [BaseMeasure, number][])
        sums[measure] = (sums[measure] ?? 0) + value;
      target.byCurrency.set(group.currency, sums);
    }
  }
  const definitions = query.metrics.map((name) => metricNamed(name)!);
  const metricsOf = (accumulator: Accumulator) =>
    Object.fromEntries(definitions.map((metric) => [metric.name, valueOf(metric, accumulator)]));
  const rows: ReportRow[] = [...byKey.values()].map((accumulator) => ({
    dimensions: accumulator.dimensions,
    metrics: metricsOf(accumulator),
  }));
  const orderBy = [
    ...query.orderBy,
    ...query.dimensions.map((field) => ({ field, direction: 'asc' as const, currency: undefined })),
  ];
  rows.sort((a, b) => {
    for (const order of orderBy) {
      const isDimension = (query.dimensions as string[]).includes(order.field);
      const left = isDimension
        ? (a.dimensions[order.field as DimensionName] ?? null)
        : sortKey(a.metrics[order.field], order.currency);
      const right = isDimension
        ? (b.dimensions[order.field as DimensionName] ?? null)
        : sortKey(b.metrics[order.field], order.currency);
      const result = compareValues(left, right, order.direction);
      if (result !== 0) return result;
    }
    return 0;
  });
  return { rows: rows.slice(0, query.limit), rowCount: rows.length, totals: metricsOf(total) };
}

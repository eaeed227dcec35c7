/**
 * The dashboard's arithmetic over analytics reports, free of React and the DOM: comparison
 * ranges, period-over-period change, per-currency money and the CSV of a breakdown. Money is
 * never added across currencies: a money figure is an object keyed by ISO 4217 code.
 */

/** A metric's value in a report: a count, a ratio (null over zero) or money per currency. */
export type MetricValue = number | null | Record<string, number | null>;

export interface ReportRow {
  dimensions: Record<string, string>;
  metrics: Record<string, MetricValue>;
}

export interface DateRange {
  from: string;
  to: string;
}

export interface Report {
  dateRange: DateRange;
  rows: ReportRow[];
  rowCount: number;
  totals: Record<string, MetricValue>;
  dataVersion: number;
  compare: { dateRange: DateRange; totals: Record<string, MetricValue> } | null;
}

const dayMs = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days in a range, both ends included. */
export function daysIn(range: DateRange): number {
  return Math.round((dayOf(range.to) - dayOf(range.from)) / dayMs) + 1;
}

/** The range of the same length that ends the day before `range` starts. */
export function previousRange(range: DateRange): DateRange {
  const length = daysIn(range);
  const to = dayOf(range.from) - dayMs;
  return { from: isoOf(to - (length - 1) * dayMs), to: isoOf(to) };
}

/** The last `days` days up to `today`, both included. */
export function lastDays(days: number, today: string): DateRange {
  return { from: isoOf(dayOf(today) - (days - 1) * dayMs), to: today };
}

/** A readable grain for the time chart: days up to three months, then weeks, then months. */
export function timeGrain(range: DateRange): 'day' | 'week' | 'month' {
  const days = daysIn(range);
  return days <= 92 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** True when `value` looks like an ISO date the API accepts. */
export function isIsoDay(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(dayOf(value));
}

/**
 * Relative change from `previous` to `current`; null when there is nothing to compare with
 * (no previous figure, or zero before: a change from zero has no percentage).
 */
export function change(
  current: number | null | undefined,
  previous: number | null | undefined,
): number | null {
  if (current === null || current === undefined) return null;
  if (previous === null || previous === undefined || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** Money as [currency, amount] pairs, by currency code; amounts that are null are left out. */
export function perCurrency(value: MetricValue | undefined): [string, number][] {
  if (value === null || value === undefined || typeof value === 'number') return [];
  return Object.entries(value)
    .filter((entry): entry is [string, number] => entry[1] !== null)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** A count or ratio as a number; money (an object) is not one. */
export function scalar(value: MetricValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

/** True when a report over a range has no figure at all: an organisation with no data yet. */
export function isEmptyReport(totals: Record<string, MetricValue>): boolean {
  return Object.values(totals).every((value) =>
    typeof value === 'number'
      ? value === 0
      : value === null || Object.values(value).every((amount) => !amount),
  );
}

const csvCell = (value: string) =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

interface CsvColumn {
  metric: string;
  /** The currency of a money column; null for counts and rates. */
  currency: string | null;
  title: string;
}

/**
 * The breakdown as CSV (RFC 4180): the dimension (its code and, when known, its name), then one
 * column per count or ratio and one per money metric and currency ("spend USD"), amounts in
 * minor units as the API gives them, so a spreadsheet can add them without rounding.
 */
export function breakdownCsv(
  rows: readonly ReportRow[],
  dimension: string,
  metrics: readonly { name: string; perCurrency: boolean }[],
  nameOf: (value: string) => string,
): string {
  const columns = metrics.flatMap(({ name, perCurrency: money }): CsvColumn[] => {
    if (!money) return [{ metric: name, currency: null, title: name }];
    const codes = new Set(rows.flatMap((row) => perCurrency(row.metrics[name]).map(([c]) => c)));
    return [...codes]
      .sort()
      .map((currency) => ({ metric: name, currency, title: `${name} ${currency}` }));
  });
  const header = [dimension, `${dimension} name`, ...columns.map((column) => column.title)];
  const lines = rows.map((row) => {
    const key = row.dimensions[dimension] ?? '';
    return [
      key,
      nameOf(key),
      ...columns.map(({ metric, currency }) => {
        const value = row.metrics[metric];
        const figure =
          currency === null
            ? scalar(value)
            : (perCurrency(value).find(([code]) => code === currency)?.[1] ?? null);
        return figure === null ? '' : String(figure);
      }),
    ];
  });
  return [header, ...lines].map((line) => line.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

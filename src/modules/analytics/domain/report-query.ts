import { z } from 'zod';
import type { FieldError } from '../../../platform/errors/app-error.js';
import {
  dimensionNames,
  filterableDimensions,
  isMoneyMetric,
  metricNamed,
  metricNames,
  type DimensionName,
  type MetricAudience,
} from './catalog.js';

/** The longest date range one query may cover (a little over two years of days). */
export const maxRangeDays = 800;
export const maxLimit = 10_000;

const day = z.iso.date();
const dateRange = z.object({ from: day, to: day }).strict();
const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

export const reportQuerySchema = z
  .object({
    metrics: z
      .array(z.enum(metricNames as [string, ...string[]]))
      .min(1)
      .max(20),
    dimensions: z
      .array(z.enum(dimensionNames as [DimensionName, ...DimensionName[]]))
      .max(4)
      .default([]),
    filters: z
      .array(
        z
          .object({
            dimension: z.enum(filterableDimensions),
            operator: z.enum(['in', 'notIn']).default('in'),
            values: z.array(z.string().max(200)).min(1).max(1_000),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    dateRange,
    compareDateRange: dateRange.optional(),
    orderBy: z
      .array(
        z
          .object({
            field: z.string().max(64).describe('A requested metric or dimension'),
            direction: z.enum(['asc', 'desc']).default('desc'),
            currency: currency
              .optional()
              .describe('Required when ordering by a money metric: whose amounts to compare'),
          })
          .strict(),
      )
      .max(4)
      .default([]),
    limit: z.number().int().min(1).max(maxLimit).default(100),
  })
  .strict();

export type ReportQuery = z.infer<typeof reportQuerySchema>;

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rangeErrors(field: string, range: { from: string; to: string }): FieldError[] {
  if (range.to < range.from) return [{ field: `${field}.to`, message: 'must not be before from' }];
  if (daysBetween(range.from, range.to) >= maxRangeDays)
    return [{ field: `${field}.to`, message: `the range may cover at most ${maxRangeDays} days` }];
  return [];
}

/**
 * What the schema cannot say: ranges in order, metrics the caller's role may read, filter values
 * of the right shape, orderBy naming something requested. Empty when the query can run.
 */
export function queryErrors(
  query: ReportQuery,
  audiences: ReadonlySet<MetricAudience>,
): FieldError[] {
  const errors: FieldError[] = [...rangeErrors('dateRange', query.dateRange)];
  if (query.compareDateRange)
    errors.push(...rangeErrors('compareDateRange', query.compareDateRange));
  query.metrics.forEach((name, index) => {
    const metric = metricNamed(name)!;
    if (!audiences.has(metric.audience))
      errors.push({
        field: `metrics.${index}`,
        message: `your role may not read ${metric.audience} metrics such as ${name}`,
      });
  });
  if (new Set(query.dimensions).size !== query.dimensions.length)
    errors.push({ field: 'dimensions', message: 'names a dimension twice' });
  query.filters.forEach((filter, index) => {
    const bad = filter.values.find((value) => !validFilterValue(filter.dimension, value));
    if (bad !== undefined)
      errors.push({
        field: `filters.${index}.values`,
        message: `${JSON.stringify(bad)} is not a valid ${filter.dimension}`,
      });
  });
  query.orderBy.forEach((order, index) => {
    const isDimension = (query.dimensions as string[]).includes(order.field);
    const metric = query.metrics.includes(order.field) ? metricNamed(order.field) : undefined;
    if (!isDimension && !metric)
      errors.push({
        field: `orderBy.${index}.field`,
        message: 'must name one of the requested metrics or dimensions',
      });
    else if (metric && isMoneyMetric(metric) && !order.currency)
      errors.push({
        field: `orderBy.${index}.currency`,
        message: `${order.field} is per currency: name the currency to order by`,
      });
  });
  return errors;
}

function validFilterValue(dimension: (typeof filterableDimensions)[number], value: string) {
  if (value === '') return true; // "unknown"
  if (dimension === 'campaign' || dimension === 'asset') return uuid.test(value);
  if (dimension === 'country') return /^[A-Z]{2}$/.test(value);
  return value.length <= 100;
}

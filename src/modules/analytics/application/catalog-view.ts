import { dimensions, filterableDimensions, isMoneyMetric, metrics } from '../domain/catalog.js';
import { maxLimit, maxRangeDays } from '../domain/report-query.js';
import { audiencesOf } from './run-query.js';

/**
 * The catalogue as `GET /analytics/catalog` and the `promptsales://analytics/catalog` MCP
 * resource show it: what a query may name, and which metrics the caller's role may read.
 */
export function catalogView(permissions: ReadonlySet<string>) {
  const audiences = audiencesOf(permissions);
  return {
    object: 'analytics.catalog' as const,
    metrics: metrics.map((metric) => ({
      name: metric.name,
      label: metric.label,
      description: metric.description,
      unit: metric.unit,
      per_currency: isMoneyMetric(metric),
      derived: metric.kind === 'ratio',
      audience: metric.audience,
      allowed: audiences.has(metric.audience),
    })),
    dimensions: dimensions.map((dimension) => ({
      ...dimension,
      filterable: (filterableDimensions as readonly string[]).includes(dimension.name),
    })),
    limits: { max_range_days: maxRangeDays, max_limit: maxLimit },
  };
}

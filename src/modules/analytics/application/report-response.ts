import type { Report } from '../domain/report.js';
import type { ReportQuery } from '../domain/report-query.js';
import type { QueryResult } from './run-query.js';

const reportOut = (report: Report) => ({
  rows: report.rows.map((row) => ({ dimensions: row.dimensions, metrics: row.metrics })),
  rowCount: report.rowCount,
  totals: report.totals,
});

/** The report as `POST /analytics/query` and the `analytics_query` MCP tool return it. */
export function reportResponse(query: ReportQuery, result: QueryResult) {
  return {
    object: 'analytics.report' as const,
    dateRange: query.dateRange,
    metrics: query.metrics,
    dimensions: query.dimensions,
    dataVersion: result.dataVersion,
    ...reportOut(result.report),
    compare:
      result.compare && query.compareDateRange
        ? { dateRange: query.compareDateRange, ...reportOut(result.compare) }
        : null,
  };
}

export type ReportResponse = ReturnType<typeof reportResponse>;

import { createHash } from 'node:crypto';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import type { DimensionName, MetricAudience } from '../domain/catalog.js';
import { buildReport, measuresOf, type Report } from '../domain/report.js';
import { queryErrors, type ReportQuery } from '../domain/report-query.js';
import { sumFacts } from '../infrastructure/facts.repository.js';
import { dataVersion } from './data-version.js';

/** Results are fresh for this long at most; a data change shows at once (new version key). */
const resultTtlSeconds = 60;
/**
 * Groups (rows × currencies) one query may fold: rows are ordered after ratios are computed, so
 * all groups are read; beyond this the query must be narrowed rather than exhaust memory.
 */
const maxGroups = 200_000;

export interface QueryResult {
  dataVersion: number;
  report: Report;
  compare: Report | null;
}

/** Which metric groups the caller's permissions read. */
export function audiencesOf(permissions: ReadonlySet<string>): Set<MetricAudience> {
  const audiences = new Set<MetricAudience>();
  if (permissions.has('analytics:marketing:read')) audiences.add('marketing');
  if (permissions.has('crm:read')) audiences.add('sales');
  return audiences;
}

async function reportFor(
  runtime: Runtime,
  orgId: string,
  query: ReportQuery,
  range: { from: string; to: string },
): Promise<Report> {
  const groups = await sumFacts(runtime.db, {
    orgId,
    from: range.from,
    to: range.to,
    dimensions: query.dimensions as DimensionName[],
    measures: measuresOf(query.metrics),
    filters: query.filters,
    maxGroups: maxGroups + 1,
  });
  if (groups.length > maxGroups)
    throw AppError.validation('The query has too many rows: use fewer dimensions or filters', [
      { field: 'body.dimensions', message: `more than ${maxGroups} groups; narrow the query` },
    ]);
  return buildReport(query, groups);
}

/**
 * Runs a report query for the organisation: validated against the catalogue and the caller's
 * metric groups, answered from the summary store, cached per organisation, query and data
 * version (role-checked before the cache, so a cached answer never reaches a role that may not
 * read it).
 */
export async function runQuery(
  runtime: Runtime,
  orgId: string,
  permissions: ReadonlySet<string>,
  query: ReportQuery,
): Promise<QueryResult> {
  const errors = queryErrors(query, audiencesOf(permissions));
  if (errors.length > 0)
    throw AppError.validation(
      'The analytics query is not valid',
      errors.map((error) => ({
        ...error,
        field: `body.${error.field}`,
      })),
    );
  const version = await dataVersion(runtime, orgId);
  const digest = createHash('sha256').update(JSON.stringify(query)).digest('base64url');
  return runtime.cache.getOrLoad(
    `analytics:query:${orgId}:${version}:${digest}`,
    resultTtlSeconds,
    async () => ({
      dataVersion: version,
      report: await reportFor(runtime, orgId, query, query.dateRange),
      compare: query.compareDateRange
        ? await reportFor(runtime, orgId, query, query.compareDateRange)
        : null,
    }),
    // A result is keyed by the data version it was computed from, so a near copy never goes
    // stale: new data means a new version, hence a new key.
    { nearMs: resultTtlSeconds * 1000 },
  );
}

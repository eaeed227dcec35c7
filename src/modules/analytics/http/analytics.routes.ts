import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { etlJob } from '../application/etl.job.js';
import { reportResponse } from '../application/report-response.js';
import { catalogView } from '../application/catalog-view.js';
import { runQuery, type QueryResult } from '../application/run-query.js';
import { etlPeriodMinutes, nextSlotStart } from '../domain/etl-schedule.js';
import { tenantRunId } from '../domain/tenant-run-id.js';
import { reportQuerySchema, type ReportQuery } from '../domain/report-query.js';
import { lastRun, runsForOrg } from '../infrastructure/etl-runs.repository.js';
import { analyticsEventRoutes } from './analytics-events.routes.js';

const metricValue = z.union([z.number(), z.null(), z.record(z.string(), z.number().nullable())]);
const reportSchema = z.object({
  rows: z.array(
    z.object({
      dimensions: z.record(z.string(), z.string()),
      metrics: z.record(z.string(), metricValue),
    }),
  ),
  rowCount: z.number().int().describe('Rows before the limit'),
  totals: z.record(z.string(), metricValue),
});

const counts = z.object({ rows_read: z.number().int(), rows_written: z.number().int() });
const etlRunSchema = z.object({
  id: z.uuid().describe('This run as your organisation sees it (each organisation has its own id)'),
  object: z.literal('analytics.etl_run'),
  trigger: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  sources: z
    .record(z.string(), counts)
    .describe('Source rows read and store rows written for your organisation, per source'),
  error: z.string().nullable(),
});

const scheduleSchema = z.object({
  period_minutes: z.number().int(),
  next_run_after: z.string(),
  last_run: z.object({ started_at: z.string(), status: z.string() }).nullable(),
});

const iso = (value: string) => new Date(value).toISOString();

const reportResponseSchema = z.object({
  object: z.literal('analytics.report'),
  dateRange: z.object({ from: z.string(), to: z.string() }),
  metrics: z.array(z.string()),
  dimensions: z.array(z.string()),
  dataVersion: z.number().int(),
  ...reportSchema.shape,
  compare: reportSchema
    .extend({ dateRange: z.object({ from: z.string(), to: z.string() }) })
    .nullable(),
});

/*
 * A cached result is the same object for every caller of its organisation, query and data version
 * (the near cache hands out one copy), so its JSON is encoded and checked against the schema once
 * and then sent as it is: encoding a hundred rows per request was most of a cached query's time.
 */
const encodedReports = new WeakMap<QueryResult, string>();

function encodedReport(query: ReportQuery, result: QueryResult): string {
  const known = encodedReports.get(result);
  if (known !== undefined) return known;
  const encoded = JSON.stringify(reportResponseSchema.encode(reportResponse(query, result)));
  encodedReports.set(result, encoded);
  return encoded;
}

export const analyticsRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/analytics/catalog',
    {
      preHandler: requirePermission('analytics:read'),
      schema: {
        tags: ['analytics'],
        summary: 'Metrics and dimensions an analytics query may name, with definitions and units',
        response: {
          200: z.object({
            object: z.literal('analytics.catalog'),
            metrics: z.array(
              z.object({
                name: z.string(),
                label: z.string(),
                description: z.string(),
                unit: z.string(),
                per_currency: z.boolean(),
                derived: z.boolean(),
                audience: z.enum(['marketing', 'sales']),
                allowed: z.boolean().describe('Whether your role may query it'),
              }),
            ),
            dimensions: z.array(
              z.object({
                name: z.string(),
                label: z.string(),
                description: z.string(),
                filterable: z.boolean(),
              }),
            ),
            limits: z.object({ max_range_days: z.number(), max_limit: z.number() }),
          }),
        },
      },
    },
    async (request) => catalogView(authOf(request).permissions),
  );

  app.post(
    '/analytics/query',
    {
      config: { readsOnly: true },
      preHandler: requirePermission('analytics:read'),
      schema: {
        tags: ['analytics'],
        summary: 'Report: metrics by dimensions over a date range, with totals per currency',
        description:
          'In the style of GA4 runReport. Count metrics add up; money metrics (spend, revenueWon, cpc, cpa, roas) are objects keyed by ISO 4217 currency, never summed across currencies. Ratios are computed from the sums of each row. Answered from the summary store (ETL every 11 minutes, plus live refresh on leads, deals and conversions).',
        body: reportQuerySchema,
        response: { 200: reportResponseSchema },
      },
    },
    async (request, reply) => {
      const query = request.body;
      const result = await runQuery(runtime, tenantOf(request), authOf(request).permissions, query);
      // Already encoded: a string is sent as it is, past the route's serializer (whose typed
      // `send` only takes the object).
      const untyped: FastifyReply = reply;
      return untyped.type('application/json; charset=utf-8').send(encodedReport(query, result));
    },
  );

  analyticsEventRoutes(app, runtime);

  app.get(
    '/analytics/etl-runs',
    {
      preHandler: requirePermission('analytics:read'),
      schema: {
        tags: ['analytics'],
        summary: 'ETL runs of the summary store, newest first, with the schedule',
        description:
          'Each run with its timing and, for your organisation, source rows read and store rows written per source.',
        querystring: paginationQuery,
        response: { 200: listOf(etlRunSchema).extend({ schedule: scheduleSchema }) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const orgId = tenantOf(request);
      const page = await listPage(
        { limit, cursor },
        {
          cursor: z.object({ startedAt: z.string(), id: z.uuid() }).strict(),
          rows: ({ after, limit: rows }) => runsForOrg(runtime.db, orgId, rows, after ?? null),
          item: (run) => ({
            id: tenantRunId(orgId, run.id),
            object: 'analytics.etl_run' as const,
            trigger: run.trigger,
            status: run.status as 'running' | 'succeeded' | 'failed',
            started_at: iso(run.startedAt),
            finished_at: run.finishedAt ? iso(run.finishedAt) : null,
            duration_ms: run.durationMs,
            sources: Object.fromEntries(
              Object.keys(run.sources).map((source) => {
                const own = run.orgSources?.[source];
                return [
                  source,
                  { rows_read: own?.rowsRead ?? 0, rows_written: own?.rowsWritten ?? 0 },
                ];
              }),
            ),
            // Operators read the cause in the logs; tenants learn only that it failed.
            error: run.error ? 'The run failed; it is retried and the next run catches up' : null,
          }),
          position: (run) => ({ startedAt: run.startedAt, id: run.id }),
        },
      );
      const latest = await lastRun(runtime.db);
      return {
        ...page,
        schedule: {
          period_minutes: etlPeriodMinutes,
          next_run_after: nextSlotStart(new Date()).toISOString(),
          last_run: latest ? { started_at: iso(latest.startedAt), status: latest.status } : null,
        },
      };
    },
  );

  app.post(
    '/analytics/etl-runs',
    {
      preHandler: requirePermission('analytics:read', 'org:manage'),
      config: { idempotent: true },
      schema: {
        tags: ['analytics'],
        summary: 'Start an ETL run now (it also runs every 11 minutes)',
        description:
          'Queues one run over the changes of every source; it appears in GET /analytics/etl-runs when it starts. Runs are idempotent: a run with nothing new writes nothing.',
        response: {
          202: z.object({ object: z.literal('analytics.etl_request'), queued: z.boolean() }),
        },
      },
    },
    async (_request, reply) => {
      const id = await runtime.jobs.send(
        etlJob(runtime),
        { trigger: 'manual' },
        {
          singletonKey: 'analytics.etl:manual',
        },
      );
      return reply
        .code(202)
        .send({ object: 'analytics.etl_request' as const, queued: id !== null });
    },
  );
};

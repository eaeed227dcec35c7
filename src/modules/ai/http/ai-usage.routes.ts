import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import type { Runtime } from '../../../platform/runtime.js';
import { aiServicesFor } from '../application/ai-services.js';
import { listUsage, type UsageRow } from '../infrastructure/usage-log.repository.js';

const usageItem = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  purpose: z.string(),
  provider: z.string(),
  model: z.string(),
  operation: z.string(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_micros: z.number().int().describe('micro-USD: 1 USD = 1,000,000'),
  latency_ms: z.number().int(),
  outcome: z.string().describe('ok, cached (no tokens spent) or error:<kind>'),
  request_id: z.string().nullable(),
  created_at: z.string(),
});

const totals = {
  calls: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_micros: z.number().int(),
};

const summary = z.object({
  organization_id: z.string(),
  month: z.string(),
  totals: z.object({ ...totals, cached: z.number().int(), errors: z.number().int() }),
  by_purpose: z.array(z.object({ purpose: z.string(), ...totals })),
  by_model: z.array(z.object({ provider: z.string(), model: z.string(), ...totals })),
});

const toItem = (row: UsageRow) => ({
  id: row.id,
  user_id: row.userId,
  purpose: row.purpose,
  provider: row.provider,
  model: row.model,
  operation: row.operation,
  tokens_in: row.tokensIn,
  tokens_out: row.tokensOut,
  cost_micros: row.costMicros,
  latency_ms: row.latencyMs,
  outcome: row.outcome,
  request_id: row.requestId,
  created_at: row.createdAt,
});

const snakeTotals = <
  T extends { tokensIn: number; tokensOut: number; costMicros: number; calls: number },
>(
  t: T,
) => ({
  calls: t.calls,
  tokens_in: t.tokensIn,
  tokens_out: t.tokensOut,
  cost_micros: t.costMicros,
});

/** The usage log: every AI call of the organisation, and monthly totals (what billing meters). */
export const aiUsageRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const { usage, gateway } = aiServicesFor(runtime);

  app.get(
    '/ai/usage',
    {
      preHandler: requirePermission('analytics:read'),
      schema: {
        tags: ['ai'],
        summary: 'AI calls of the organisation, newest first',
        querystring: paginationQuery.extend({
          purpose: z.string().max(100).optional(),
          provider: z.string().max(40).optional(),
          outcome: z.string().max(40).optional(),
          from: z.iso.datetime({ offset: true }).optional().describe('Inclusive, ISO 8601'),
          to: z.iso.datetime({ offset: true }).optional().describe('Exclusive, ISO 8601'),
        }),
        response: { 200: listOf(usageItem) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      // Calls made a moment ago may still be in this process's write buffer.
      await usage.flush();
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            listUsage(runtime.db, authOf(request).orgId, {
              ...filters,
              beforeId: page.after?.id,
              limit: page.limit,
            }),
          item: toItem,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.get(
    '/ai/usage/summary',
    {
      preHandler: requirePermission('billing:read'),
      schema: {
        tags: ['ai'],
        summary: 'AI usage totals of the organisation for one month (UTC)',
        querystring: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
            .default(() => new Date().toISOString().slice(0, 7)),
        }),
        response: { 200: summary },
      },
    },
    async (request) => {
      const result = await gateway.usageSummary(authOf(request).orgId, request.query.month);
      return {
        organization_id: result.orgId,
        month: result.month,
        totals: {
          ...snakeTotals(result.totals),
          cached: result.totals.cached,
          errors: result.totals.errors,
        },
        by_purpose: result.byPurpose.map((row) => ({ purpose: row.purpose, ...snakeTotals(row) })),
        by_model: result.byModel.map((row) => ({
          provider: row.provider,
          model: row.model,
          ...snakeTotals(row),
        })),
      };
    },
  );
};

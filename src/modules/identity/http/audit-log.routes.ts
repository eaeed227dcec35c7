import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import type { Runtime } from '../../../platform/runtime.js';
import { principalNames } from '../application/principal-names.js';
import { queryAuditLog, type AuditRow } from '../infrastructure/audit-log.repository.js';

const entry = z.object({
  id: z.uuid(),
  occurred_at: z.string(),
  actor: z.string().describe('`user:<id>` or `client:<client_id>`'),
  actor_name: z
    .string()
    .nullable()
    .describe("The person's name or the API client's; null when unknown (e.g. an external issuer)"),
  action: z.string(),
  method: z.string(),
  route: z.string(),
  status: z.number().int(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  request_id: z.string(),
});

const toView = (row: AuditRow, names: ReadonlyMap<string, string>) => ({
  id: row.id,
  occurred_at: row.occurredAt,
  actor: row.actor,
  actor_name: names.get(row.actor) ?? null,
  action: row.action,
  method: row.method,
  route: row.route,
  status: row.status,
  target: row.target,
  ip: row.ip,
  request_id: row.requestId,
});

const instant = z.iso.datetime({ offset: true });

export const auditLogRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/audit-log',
    {
      preHandler: requirePermission('audit:read'),
      schema: {
        tags: ['identity'],
        summary: 'Who changed what in the organisation (kept 90 days), newest first',
        querystring: paginationQuery.extend({
          actor: z.string().max(200).optional().describe('e.g. `user:<id>`'),
          action: z.string().max(200).optional().describe('e.g. `member.role_changed`'),
          target: z.string().max(200).optional(),
          from: instant.optional().describe('Inclusive start (ISO 8601)'),
          to: instant.optional().describe('Inclusive end (ISO 8601)'),
        }),
        response: { 200: listOf(entry) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const { orgId } = authOf(request);
      return listPage(
        { limit, cursor },
        {
          cursor: z.object({ i: z.uuid() }),
          rows: async (page) => {
            const rows = await queryAuditLog(runtime.db, orgId, filter, {
              limit: page.limit,
              beforeId: page.after?.i,
            });
            const names = await principalNames(
              runtime,
              orgId,
              rows.map((row) => row.actor),
            );
            return rows.map((row) => ({ row, names }));
          },
          item: ({ row, names }) => toView(row, names),
          position: ({ row }) => ({ i: row.id }),
        },
      );
    },
  );
};

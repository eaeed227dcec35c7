import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { idCursor, listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import { streamEvents, type ServerSentEvent } from '../../../platform/http/server-sent-events.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { agendaCalendar } from '../application/calendar-feed.js';
import { taskKinds } from '../domain/agenda.js';
import {
  findFeedToken,
  markNotificationRead,
  notificationsOf,
  replaceFeedToken,
  tasksOfOrg,
  tasksOfRequest,
  updateTask,
  type AgendaTaskRow,
  type NotificationRow,
} from '../infrastructure/agenda.repository.js';
import {
  campaignRequestNames,
  findCampaignRequest,
} from '../infrastructure/campaign-requests.repository.js';
import { principalNames } from '../../identity/index.js';

const idParams = z.object({ id: z.uuid() });

const taskSchema = z.object({
  id: z.string(),
  object: z.literal('agenda_task'),
  request_id: z.string(),
  kind: z.enum(taskKinds),
  title: z.string(),
  automated: z.boolean(),
  due_at: z.string(),
  status: z.enum(['open', 'done']),
  assignee_user_id: z.string().nullable(),
  assignee_name: z
    .string()
    .nullable()
    .describe("The assignee's name; null: the request's approvers"),
  completed_at: z.string().nullable(),
  request_name: z.string().describe('The name of the campaign request the task belongs to'),
});

interface TaskNames {
  people: ReadonlyMap<string, string>;
  requests: ReadonlyMap<string, string>;
}

const toTask = (row: AgendaTaskRow, names: TaskNames): z.infer<typeof taskSchema> => ({
  id: row.id,
  object: 'agenda_task',
  request_id: row.requestId,
  request_name: names.requests.get(row.requestId) ?? '',
  kind: row.kind as (typeof taskKinds)[number],
  title: row.title,
  automated: row.automated,
  due_at: row.dueAt,
  status: row.status as 'open' | 'done',
  assignee_user_id: row.assigneeUserId,
  assignee_name: (row.assigneeUserId && names.people.get(`user:${row.assigneeUserId}`)) ?? null,
  completed_at: row.completedAt,
});

const notificationSchema = z.object({
  id: z.string(),
  object: z.literal('notification'),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  request_id: z.string().nullable(),
  task_id: z.string().nullable(),
  read_at: z.string().nullable(),
  created_at: z.string(),
});

const toNotification = (row: NotificationRow): z.infer<typeof notificationSchema> => ({
  id: row.id,
  object: 'notification',
  kind: row.kind,
  title: row.title,
  body: row.body,
  request_id: row.requestId,
  task_id: row.taskId,
  read_at: row.readAt,
  created_at: row.createdAt,
});

function userOf(request: Parameters<typeof authOf>[0]): string {
  const auth = authOf(request);
  if (!auth.userId)
    throw new AppError(
      'forbidden',
      'Agendas, notifications and calendar feeds belong to people, not API clients',
    );
  return auth.userId;
}

/** The execution agenda, in-app notifications and the calendar (.ics) feeds. */
export const agendaRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  /** Tasks with the names of their assignees and campaign requests. */
  async function tasksView(orgId: string, rows: readonly AgendaTaskRow[]) {
    const [people, requests] = await Promise.all([
      principalNames(
        runtime,
        orgId,
        rows.map((row) => (row.assigneeUserId ? `user:${row.assigneeUserId}` : null)),
      ),
      campaignRequestNames(
        runtime.db,
        orgId,
        rows.map((row) => row.requestId),
      ),
    ]);
    return rows.map((row) => toTask(row, { people, requests }));
  }

  app.get(
    '/campaign-requests/:id/agenda',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: 'The execution agenda of an approved campaign request',
        params: idParams,
        response: { 200: z.object({ object: z.literal('list'), data: z.array(taskSchema) }) },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      if (!(await findCampaignRequest(runtime.db, orgId, request.params.id)))
        throw AppError.notFound('Campaign request', request.params.id);
      const rows = await tasksOfRequest(runtime.db, orgId, request.params.id);
      return { object: 'list' as const, data: await tasksView(orgId, rows) };
    },
  );

  app.get(
    '/agenda',
    {
      preHandler: requirePermission('campaigns:read'),
      schema: {
        tags: ['portal'],
        summary: "The organisation's agenda tasks by due date (optionally only mine)",
        querystring: z.object({
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          mine: z.enum(['true', 'false']).default('false'),
          status: z.enum(['open', 'done']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: { 200: z.object({ object: z.literal('list'), data: z.array(taskSchema) }) },
      },
    },
    async (request) => {
      const { from, to, mine, status, limit } = request.query;
      const orgId = tenantOf(request);
      const rows = await tasksOfOrg(runtime.db, orgId, {
        from,
        to,
        status,
        limit,
        userId: mine === 'true' ? userOf(request) : undefined,
      });
      return { object: 'list' as const, data: await tasksView(orgId, rows) };
    },
  );

  app.post(
    '/agenda-tasks/:id/complete',
    {
      preHandler: requirePermission('campaigns:request'),
      config: { audit: 'agenda_task.completed' },
      schema: {
        tags: ['portal'],
        summary: 'Mark an agenda task done',
        params: idParams,
        response: { 200: taskSchema },
      },
    },
    async (request) => {
      request.auditContext = { target: request.params.id };
      const orgId = tenantOf(request);
      const row = await updateTask(runtime.db, orgId, request.params.id, {
        status: 'done',
        completedAt: new Date().toISOString(),
      });
      if (!row) throw AppError.notFound('Agenda task', request.params.id);
      const [task] = await tasksView(orgId, [row]);
      return task!;
    },
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['portal'],
        summary: 'My notifications (reminders, alerts, approvals), newest first',
        querystring: paginationQuery.extend({ unread: z.enum(['true', 'false']).default('false') }),
        response: { 200: listOf(notificationSchema) },
      },
    },
    async (request) => {
      const { limit, cursor, unread } = request.query;
      return listPage(
        { limit, cursor },
        {
          cursor: idCursor,
          rows: (page) =>
            notificationsOf(runtime.db, tenantOf(request), userOf(request), {
              beforeId: page.after?.id,
              unread: unread === 'true',
              limit: page.limit,
            }),
          item: toNotification,
          position: (row) => ({ id: row.id }),
        },
      );
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['portal'],
        summary: 'Mark one of my notifications read',
        params: idParams,
        response: { 200: notificationSchema },
      },
    },
    async (request) => {
      const row = await markNotificationRead(
        runtime.db,
        tenantOf(request),
        userOf(request),
        request.params.id,
      );
      if (!row) throw AppError.notFound('Notification', request.params.id);
      return toNotification(row);
    },
  );

  app.get(
    '/notifications/events',
    {
      schema: {
        tags: ['portal'],
        summary: 'My new notifications as server-sent events (event `notification`)',
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const userId = userOf(request);
      await streamEvents(request, reply, (signal) => stream(signal));

      async function* stream(signal: AbortSignal): AsyncIterable<ServerSentEvent> {
        const [newest] = await notificationsOf(runtime.db, orgId, userId, { limit: 1 });
        let after = newest?.id;
        while (!signal.aborted) {
          await sleep(1000, undefined, { signal }).catch(() => undefined);
          if (signal.aborted) return;
          const rows = await notificationsOf(runtime.db, orgId, userId, {
            afterId: after,
            limit: 50,
          });
          for (const row of rows.reverse()) {
            after = row.id;
            yield { event: 'notification', id: row.id, data: toNotification(row) };
          }
        }
      }
    },
  );

  app.post(
    '/calendar-feed-token',
    {
      preHandler: requirePermission('campaigns:read'),
      config: { audit: 'calendar_feed.token_created' },
      schema: {
        tags: ['portal'],
        summary: 'Create (or replace) my calendar feed token; the old feed URLs stop working',
        description:
          'Calendar apps cannot send a bearer token, so the feed URLs carry this secret. Shown once; treat the URLs like a password.',
        response: {
          201: z.object({
            token: z.string(),
            agenda_url: z.string(),
            campaign_request_url_template: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const token = `cal_${randomBytes(24).toString('base64url')}`;
      await replaceFeedToken(runtime.db, tenantOf(request), userId, token);
      const base = `${runtime.config.publicUrl}/api/v1/calendar-feeds/${token}`;
      return reply.status(201).send({
        token,
        agenda_url: `${base}/agenda.ics`,
        campaign_request_url_template: `${base}/campaign-requests/{id}/agenda.ics`,
      });
    },
  );

  const feedOwner = async (token: string) => {
    const owner = await findFeedToken(runtime.db, token);
    if (!owner) throw AppError.notFound('Calendar feed');
    return owner;
  };
  const linkOf = (task: AgendaTaskRow) =>
    `${runtime.config.publicUrl}/campaign-requests/${task.requestId}`;

  app.get(
    '/calendar-feeds/:token/agenda.ics',
    {
      config: { public: true },
      schema: {
        tags: ['portal'],
        summary: "A person's agenda as an iCalendar feed (authenticated by the feed token)",
        params: z.object({ token: z.string().min(10).max(100) }),
      },
    },
    async (request, reply) => {
      const owner = await feedOwner(request.params.token);
      const rows = await tasksOfOrg(runtime.db, owner.orgId, { userId: owner.userId, limit: 2000 });
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(agendaCalendar('PromptSales agenda', rows, linkOf));
    },
  );

  app.get(
    '/calendar-feeds/:token/campaign-requests/:id/agenda.ics',
    {
      config: { public: true },
      schema: {
        tags: ['portal'],
        summary: "One campaign's agenda as an iCalendar feed (authenticated by the feed token)",
        params: z.object({ token: z.string().min(10).max(100), id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const owner = await feedOwner(request.params.token);
      const campaign = await findCampaignRequest(runtime.db, owner.orgId, request.params.id);
      if (!campaign) throw AppError.notFound('Campaign request', request.params.id);
      const rows = await tasksOfRequest(runtime.db, owner.orgId, campaign.id);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(agendaCalendar(`${campaign.name} · PromptSales`, rows, linkOf));
    },
  );
};

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Audience, DraftItem } from '../domain/campaign-request.js';
import type { Decisions, Proposal } from '../domain/proposal.js';
import { timestamps } from '../../../platform/db/timestamps.js';

export const portalSchema = pgSchema('portal');

export const strategyNameIndex = 'strategies_org_name_idx';

/** A marketing strategy: what a client sells, to whom, where, with which budget and dates. */
export const strategies = portalSchema.table(
  'strategies',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    clientCompany: text().notNull(),
    products: text().array().notNull(),
    messages: text().array().notNull(),
    audiences: jsonb().$type<Audience[]>().notNull(),
    objective: text().notNull(),
    countries: text().array().notNull(),
    channels: text().array().notNull(),
    budgetMinor: bigint({ mode: 'number' }),
    currency: text(),
    startsAt: date({ mode: 'string' }),
    endsAt: date({ mode: 'string' }),
    /** en | es: the language of the copy of campaigns made from it. */
    language: text().notNull().default('en'),
    createdBy: text(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    // Names pick a strategy from a list: one per organisation, whatever the letter case.
    uniqueIndex(strategyNameIndex).on(table.orgId, sql`lower(${table.name})`),
  ],
);

/**
 * The campaign request: the brief, the ids of what it created in the other modules, the AI
 * proposal and the people's decisions on it.
 */
export const campaignRequests = portalSchema.table(
  'campaign_requests',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    strategyId: uuid(),
    name: text().notNull(),
    objective: text().notNull(),
    product: text().notNull(),
    messages: text().array().notNull(),
    audiences: jsonb().$type<Audience[]>().notNull(),
    channels: text().array().notNull(),
    language: text().notNull(),
    budgetMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    startsAt: date({ mode: 'string' }).notNull(),
    endsAt: date({ mode: 'string' }).notNull(),
    /** planning → awaiting_approval → approved → scheduled → active → completed; rejected; failed */
    status: text().notNull(),
    failureReason: text(),
    /** The draft PromptAds campaign; null until the planning job has drafted it. */
    campaignId: uuid(),
    /** The draft's ad sets (audience index, channel) and their ads, as PromptAds created them. */
    draft: jsonb().$type<DraftItem[]>().notNull().default([]),
    contentRequestIds: uuid().array().notNull().default([]),
    segmentIds: uuid().array().notNull().default([]),
    proposal: jsonb().$type<Proposal>(),
    decisions: jsonb().$type<Decisions>(),
    decidedBy: text(),
    decidedAt: timestamp({ withTimezone: true, mode: 'string' }),
    attempts: integer().notNull().default(0),
    /** What the planning job is doing: queued, copy, content, budget, done (for the progress stream). */
    planningStage: text(),
    planningStartedAt: timestamp({ withTimezone: true, mode: 'string' }),
    planningFinishedAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdBy: text(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('campaign_requests_status_idx').on(table.status, table.startsAt),
    // The list filtered by status, newest first (keyset on id).
    index('campaign_requests_org_status_idx').on(table.orgId, table.status, table.id),
  ],
);

/** One task of a campaign's execution agenda. */
export const agendaTasks = portalSchema.table(
  'agenda_tasks',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    requestId: uuid().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    automated: boolean().notNull(),
    dueAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    /** open | done */
    status: text().notNull(),
    /** The user responsible; null means the request's approvers. */
    assigneeUserId: uuid(),
    remindedAt: timestamp({ withTimezone: true, mode: 'string' }),
    overdueAlertedAt: timestamp({ withTimezone: true, mode: 'string' }),
    completedAt: timestamp({ withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('agenda_tasks_request_idx').on(table.orgId, table.requestId),
    index('agenda_tasks_due_idx').on(table.status, table.dueAt),
    // The agenda list: an organisation's tasks by due time, all or of one status.
    index('agenda_tasks_org_due_idx').on(table.orgId, table.dueAt),
    index('agenda_tasks_org_status_due_idx').on(table.orgId, table.status, table.dueAt),
  ],
);

/** In-app notifications of one user (reminders, alerts, approvals). */
export const notifications = portalSchema.table(
  'notifications',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    userId: uuid().notNull(),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    requestId: uuid(),
    taskId: uuid(),
    readAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('notifications_user_idx').on(table.orgId, table.userId, table.id),
    // The unread list, newest first.
    index('notifications_unread_idx')
      .on(table.orgId, table.userId, table.id)
      .where(sql`${table.readAt} is null`),
  ],
);

/**
 * Calendar feed tokens: calendar apps cannot send a bearer token, so a user's `.ics` URLs carry a
 * secret of their own. Stored as a SHA-256 hash; rotating replaces it.
 */
export const calendarFeedTokens = portalSchema.table('calendar_feed_tokens', {
  tokenHash: text().primaryKey(),
  orgId: uuid().notNull(),
  userId: uuid().notNull(),
  createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});

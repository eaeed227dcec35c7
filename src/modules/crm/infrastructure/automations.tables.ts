import {
  boolean,
  index,
  integer,
  jsonb,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { FlowStep, FlowTrigger, RunLogEntry } from '../domain/automation-flow.js';
import type { SegmentRules } from '../domain/segment-rules.js';
import { crmSchema } from './crm.tables.js';

/** An attention flow: trigger → conditions (the segment rule language) → steps. */
export const automationFlows = crmSchema.table(
  'automation_flows',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    enabled: boolean().notNull().default(false),
    trigger: jsonb().$type<FlowTrigger>().notNull(),
    /** Indexed copy of the trigger's event type or segment, to find the flows an event starts. */
    triggerKey: text().notNull(),
    conditions: jsonb().$type<SegmentRules>(),
    steps: jsonb().$type<FlowStep[]>().notNull(),
    /** Encrypted HMAC secret for webhook steps. */
    webhookSecretEncrypted: text(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('automation_flows_trigger_idx').on(table.orgId, table.triggerKey, table.enabled),
  ],
);

/**
 * One run of a flow for one contact and one trigger occurrence; the unique key makes a
 * redelivered trigger start nothing twice. Each step runs as its own job.
 */
export const automationRuns = crmSchema.table(
  'automation_runs',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    flowId: uuid().notNull(),
    contactId: uuid().notNull(),
    /** The trigger occurrence: an event id, a segment entry or a schedule tick. */
    occurrenceKey: text().notNull(),
    /** running | waiting | completed | failed | skipped */
    status: text().notNull(),
    nextStep: integer().notNull().default(0),
    log: jsonb().$type<RunLogEntry[]>().notNull().default([]),
    startedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('automation_runs_occurrence_idx').on(
      table.orgId,
      table.flowId,
      table.contactId,
      table.occurrenceKey,
    ),
    index('automation_runs_flow_idx').on(table.orgId, table.flowId, table.id),
  ],
);

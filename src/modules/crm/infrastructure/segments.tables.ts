import { index, integer, jsonb, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SegmentRules } from '../domain/segment-rules.js';
import { crmSchema } from './crm.tables.js';

/**
 * A segment: rules over contact fields (compiled to SQL), a materialised membership and its
 * count. `computed_at` is null until the first evaluation (a job, never the request that
 * defines the segment).
 */
export const segments = crmSchema.table(
  'segments',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    description: text(),
    rules: jsonb().$type<SegmentRules>().notNull(),
    /** manual | campaign_request */
    origin: text().notNull().default('manual'),
    campaignRequestId: uuid(),
    memberCount: integer().notNull().default(0),
    computedAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** Who is in a segment now; rewritten set-based by the recompute, per contact on events. */
export const segmentMembers = crmSchema.table(
  'segment_members',
  {
    orgId: uuid().notNull(),
    segmentId: uuid().notNull(),
    contactId: uuid().notNull(),
    addedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.segmentId, table.contactId] }),
    index('segment_members_contact_idx').on(table.orgId, table.contactId),
  ],
);

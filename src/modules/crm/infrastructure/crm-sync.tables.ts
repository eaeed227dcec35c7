import { sql } from 'drizzle-orm';
import { index, integer, jsonb, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timestamps } from '../../../platform/db/timestamps.js';
import { crmSchema } from './crm.tables.js';

/**
 * An organisation's connection to another CRM (HubSpot by private-app token, Salesforce by a
 * connected app's access token and the org's instance URL). The token is
 * encrypted like contact emails and read only for a call to the provider. A token the provider
 * refuses marks the connection `needs_attention`; syncs stop calling until it is connected again.
 */
export const syncConnections = crmSchema.table(
  'sync_connections',
  {
    orgId: uuid().notNull(),
    provider: text().notNull(),
    id: uuid().notNull(),
    tokenEncrypted: text().notNull(),
    /** HubSpot's portal id; Salesforce's organization id. */
    externalAccountId: text().notNull(),
    /** Where the provider's API is for this account (Salesforce's instance URL); null for HubSpot. */
    instanceUrl: text(),
    currency: text(),
    /** active | needs_attention */
    status: text().notNull().default('active'),
    lastError: text(),
    connectedBy: text().notNull(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.orgId, table.provider] })],
);

/**
 * How far a sync got, per organisation, provider and object: changes at the provider up to
 * `pulled_through` (its modification time) have been applied here, and our changes up to
 * `pushed_through` (our `updated_at`) sent there.
 */
export const syncCursors = crmSchema.table(
  'sync_cursors',
  {
    orgId: uuid().notNull(),
    provider: text().notNull(),
    object: text().notNull(),
    pulledThrough: timestamp({ withTimezone: true, mode: 'string' }),
    pushedThrough: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.provider, table.object] })],
);

/** One problem of a sync run, as the organisation sees it. */
export interface SyncRunError {
  stage: 'connect' | 'pull' | 'push' | 'erase';
  message: string;
}

/** One sync run (scheduled, on demand, or an erasure forwarded) with its counts and errors. */
export const syncRuns = crmSchema.table(
  'sync_runs',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    provider: text().notNull(),
    /** schedule | manual | erasure */
    trigger: text().notNull(),
    /** running | succeeded | failed */
    status: text().notNull().default('running'),
    pulled: integer().notNull().default(0),
    pushed: integer().notNull().default(0),
    /** Changes at the provider not applied because ours were newer (last writer wins). */
    skipped: integer().notNull().default(0),
    erased: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    errors: jsonb()
      .$type<SyncRunError[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    startedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index().on(table.orgId, table.provider, table.id),
  ],
);

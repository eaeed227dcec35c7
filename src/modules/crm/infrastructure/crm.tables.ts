import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
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
import { timestamps } from '../../../platform/db/timestamps.js';
import { accentedLetters, plainLetters } from '../domain/name-folding.js';

export const crmSchema = pgSchema('crm');

/** The SQL of a folded name (see domain/name-folding.ts): the same map the search term uses. */
function folded(expression: string): string {
  return `lower(translate(trim(${expression}), '${accentedLetters}', '${plainLetters}'))`;
}

/** A deal's expected close date for sorting: one without a date sorts after every date. */
export function expectedClose(table: { expectedCloseOn: AnyPgColumn }) {
  return sql`coalesce(${table.expectedCloseOn}, '9999-12-31'::date)`;
}

/** Contacts the lists show: neither erased nor merged into another. */
function live(table: { erasedAt: AnyPgColumn; mergedIntoId: AnyPgColumn }) {
  return sql`${table.erasedAt} is null and ${table.mergedIntoId} is null`;
}

/** One factor behind a contact's intent score, as the scorer explains it. */
export interface ScoreFactor {
  name: string;
  /** Signed contribution to the score (points or log-odds, as the scorer says). */
  weight: number;
  detail?: string;
}

/**
 * A person the organisation follows: a lead until qualified, then a contact/customer. Email,
 * phone and national id are encrypted (AES-256-GCM); email and phone carry a keyed hash
 * (HMAC-SHA256 of the normalised value) for look-up and duplicate detection. Erasure blanks every
 * personal column and sets `erased_at`; the row stays so deals and counts keep their shape.
 */
export const contacts = crmSchema.table(
  'contacts',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    companyId: uuid(),
    firstName: text(),
    lastName: text(),
    emailEncrypted: text(),
    emailHash: text(),
    phoneEncrypted: text(),
    phoneHash: text(),
    nationalIdEncrypted: text(),
    country: text(),
    city: text(),
    language: text(),
    birthYear: integer(),
    gender: text(),
    interests: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** lead | qualified | opportunity | customer | lost */
    lifecycleStage: text().notNull().default('lead'),
    /** cold | warm | hot — the automatic classification at capture, refined by scoring. */
    classification: text().notNull().default('cold'),
    /** ads | web_form | csv_import | api | chat | manual */
    source: text().notNull(),
    medium: text(),
    utm: jsonb().$type<Record<string, string>>().notNull().default({}),
    campaignId: uuid(),
    adId: uuid(),
    ownerUserId: uuid(),
    score: integer(),
    scoreFactors: jsonb().$type<ScoreFactor[]>(),
    scoredAt: timestamp({ withTimezone: true, mode: 'string' }),
    /** Set when this contact was merged into another (the survivor). */
    mergedIntoId: uuid(),
    lastInteractionAt: timestamp({ withTimezone: true, mode: 'string' }),
    ...timestamps,
    erasedAt: timestamp({ withTimezone: true, mode: 'string' }),
    /** "first last" folded (accents stripped, lower case): the name sort and search key. */
    nameKey: text()
      .notNull()
      .generatedAlwaysAs(
        sql.raw(folded(`coalesce(first_name, '') || ' ' || coalesce(last_name, '')`)),
      ),
    /** The last name folded, so a search term can match the start of either name. */
    lastNameKey: text()
      .notNull()
      .generatedAlwaysAs(sql.raw(folded(`coalesce(last_name, '')`))),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('contacts_company_idx').on(table.orgId, table.companyId),
    index('contacts_campaign_idx').on(table.orgId, table.campaignId),
    index('contacts_stage_idx').on(table.orgId, table.lifecycleStage),
    // The analytics ETL's delta read: contacts changed since its watermark, in every organisation.
    // BRIN, which gives no order: a b-tree on updated_at alone would win the list's
    // `sort=updated` over the per-organisation index and filter every other tenant's rows.
    index('contacts_changed_idx').using('brin', table.updatedAt),
    // The contact list shows live contacts (not erased, not merged away), newest first by
    // (created_at, id) — an order the primary key cannot offer, so the planner never weighs it
    // against these partial indexes: one per filter, organisation first, the keyset last.
    ...(
      [
        ['contacts_live_idx', []],
        ['contacts_live_stage_idx', [table.lifecycleStage]],
        ['contacts_live_classification_idx', [table.classification]],
        ['contacts_live_source_idx', [table.source]],
        ['contacts_live_campaign_idx', [table.campaignId]],
        ['contacts_live_company_idx', [table.companyId]],
        ['contacts_live_owner_idx', [table.ownerUserId]],
      ] as const
    ).map(([name, columns]) =>
      index(name)
        .on(table.orgId, ...columns, table.createdAt, table.id)
        .where(live(table)),
    ),
    // The other sorts the list offers (`sort=name|score|updated`, either direction).
    index('contacts_live_name_idx').on(table.orgId, table.nameKey, table.id).where(live(table)),
    index('contacts_live_score_idx')
      .on(table.orgId, sql`coalesce(${table.score}, -1)`, table.id)
      .where(live(table)),
    index('contacts_live_updated_idx')
      .on(table.orgId, table.updatedAt, table.id)
      .where(live(table)),
    // Name search: the start of the folded full name or last name (`like 'mar%'`).
    index('contacts_live_name_search_idx')
      .on(table.orgId, table.nameKey.op('text_pattern_ops'))
      .where(live(table)),
    index('contacts_live_last_name_search_idx')
      .on(table.orgId, table.lastNameKey.op('text_pattern_ops'))
      .where(live(table)),
    // Look-ups by email or phone (capture, filters) are of live contacts only, and duplicate
    // detection groups them by hash with each group's ids in order.
    index('contacts_live_email_idx')
      .on(table.orgId, table.emailHash, table.id)
      .where(sql`${live(table)} and ${table.emailHash} is not null`),
    index('contacts_live_phone_idx')
      .on(table.orgId, table.phoneHash, table.id)
      .where(sql`${live(table)} and ${table.phoneHash} is not null`),
  ],
);

/** Consent per contact and channel: the latest decision with its source and time. */
export const consents = crmSchema.table(
  'consents',
  {
    orgId: uuid().notNull(),
    contactId: uuid().notNull(),
    /** email | whatsapp | sms | voice | chat */
    channel: text().notNull(),
    /** granted | withdrawn */
    status: text().notNull(),
    source: text().notNull(),
    recordedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.contactId, table.channel] })],
);

export interface CompanyProduct {
  name: string;
  priceMinor?: number;
  currency?: string;
}

/** A client company: its products, sales goal and budget; contacts point at it. */
export const companies = crmSchema.table(
  'companies',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    /** Lower-cased, trimmed name for duplicate detection. */
    nameKey: text().notNull(),
    domain: text(),
    industry: text(),
    country: text(),
    city: text(),
    products: jsonb().$type<CompanyProduct[]>().notNull().default([]),
    salesGoalMinor: bigint({ mode: 'number' }),
    budgetMinor: bigint({ mode: 'number' }),
    currency: text(),
    ownerUserId: uuid(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('companies_name_key_idx').on(table.orgId, table.nameKey),
  ],
);

/** A sales pipeline; each organisation gets a default one. */
export const pipelines = crmSchema.table(
  'pipelines',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    isDefault: boolean().notNull().default(false),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** An ordered stage of a pipeline; `kind` marks the closing stages. */
export const stages = crmSchema.table(
  'stages',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    pipelineId: uuid().notNull(),
    name: text().notNull(),
    position: integer().notNull(),
    /** open | won | lost */
    kind: text().notNull().default('open'),
    /** Win probability in percent, for forecasts. */
    probability: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('stages_pipeline_idx').on(table.orgId, table.pipelineId, table.position),
  ],
);

export interface DealProduct {
  name: string;
  quantity: number;
  unitPriceMinor: number;
}

/** An opportunity moving through a pipeline; won deals are the sales. */
export const deals = crmSchema.table(
  'deals',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    pipelineId: uuid().notNull(),
    stageId: uuid().notNull(),
    contactId: uuid(),
    companyId: uuid(),
    title: text().notNull(),
    amountMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    products: jsonb().$type<DealProduct[]>().notNull().default([]),
    /** open | won | lost */
    status: text().notNull().default('open'),
    lostReason: text(),
    wonAt: timestamp({ withTimezone: true, mode: 'string' }),
    lostAt: timestamp({ withTimezone: true, mode: 'string' }),
    /** When the seller expects to close it (a forecast, not a deadline). */
    expectedCloseOn: date({ mode: 'string' }),
    /** Attribution copied from the contact at creation, so sales by campaign need no join. */
    campaignId: uuid(),
    adId: uuid(),
    ownerUserId: uuid(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('deals_stage_idx').on(table.orgId, table.pipelineId, table.stageId),
    index('deals_contact_idx').on(table.orgId, table.contactId, table.id),
    // List filters: organisation, filter, then the keyset sort key (newest first).
    index('deals_pipeline_list_idx').on(table.orgId, table.pipelineId, table.id),
    index('deals_stage_list_idx').on(table.orgId, table.stageId, table.id),
    index('deals_status_idx').on(table.orgId, table.status, table.id),
    index('deals_campaign_list_idx').on(table.orgId, table.campaignId, table.id),
    // `sort=amount` and `sort=updated`; `sort=created` is the primary key (time-ordered ids).
    index('deals_amount_idx').on(table.orgId, table.amountMinor, table.id),
    index('deals_updated_idx').on(table.orgId, table.updatedAt, table.id),
    index('deals_expected_close_idx').on(table.orgId, expectedClose(table), table.id),
    index('deals_campaign_won_idx').on(table.orgId, table.campaignId, table.wonAt),
    // The analytics ETL's delta read (BRIN, like contacts_changed_idx: never the list's order).
    index('deals_changed_idx').using('brin', table.updatedAt),
  ],
);

/** A message or call on a contact's timeline, inbound or outbound. */
export const interactions = crmSchema.table(
  'interactions',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    contactId: uuid().notNull(),
    /** email | whatsapp | sms | voice | chat | note */
    channel: text().notNull(),
    /** inbound | outbound */
    direction: text().notNull(),
    subject: text(),
    /** The message text; blanked by erasure. */
    body: text(),
    /** queued | sent | delivered | failed | received */
    status: text().notNull(),
    providerMessageId: text(),
    error: text(),
    occurredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('interactions_contact_idx').on(table.orgId, table.contactId, table.occurredAt),
    // A contact's timeline, newest first, whole or by channel or direction.
    index('interactions_timeline_idx').on(table.orgId, table.contactId, table.id),
    index('interactions_channel_idx').on(table.orgId, table.contactId, table.channel, table.id),
    index('interactions_direction_idx').on(table.orgId, table.contactId, table.direction, table.id),
  ],
);

/** Leads already captured from an ads conversion: the idempotency guard of that handler. */
export const capturedConversions = crmSchema.table(
  'captured_conversions',
  {
    orgId: uuid().notNull(),
    conversionId: uuid().notNull(),
    contactId: uuid().notNull(),
    capturedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.conversionId] })],
);

/**
 * Leads already captured from an ad channel's own forms (Meta Lead Ads), by the channel's lead id:
 * the guard that makes a redelivered webhook change nothing.
 */
export const capturedChannelLeads = crmSchema.table(
  'captured_channel_leads',
  {
    orgId: uuid().notNull(),
    channel: text().notNull(),
    externalId: text().notNull(),
    /** Set in the same transaction once the lead is captured (the guard row comes first). */
    contactId: uuid(),
    capturedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.channel, table.externalId] })],
);

/** A web form: its public key is the path of `POST /f/{formKey}`. */
export const forms = crmSchema.table(
  'forms',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    publicKey: text().notNull(),
    /** Tags given to every lead from this form. */
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    defaultUtm: jsonb().$type<Record<string, string>>().notNull().default({}),
    campaignId: uuid(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('forms_public_key_idx').on(table.publicKey),
  ],
);

export interface RejectedRow {
  row: number;
  reasons: string[];
}

/** A CSV import: progress counters and the rejected rows with their reasons. */
export const imports = crmSchema.table(
  'imports',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    /** queued | running | completed | failed */
    status: text().notNull(),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    createdCount: integer().notNull().default(0),
    updatedCount: integer().notNull().default(0),
    rejectedCount: integer().notNull().default(0),
    rejected: jsonb().$type<RejectedRow[]>().notNull().default([]),
    /** The uploaded CSV, encrypted (it holds personal data); cleared when the import ends. */
    contentEncrypted: text(),
    createdBy: text(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** A merge of one contact into another: what moved, for the history. */
export const merges = crmSchema.table(
  'merges',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    survivorId: uuid().notNull(),
    mergedId: uuid().notNull(),
    movedInteractions: integer().notNull(),
    movedDeals: integer().notNull(),
    mergedBy: text(),
    mergedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('merges_survivor_idx').on(table.orgId, table.survivorId),
  ],
);

/** Record of an erasure (no personal data): who asked, when, how many rows were blanked. */
export const erasures = crmSchema.table(
  'erasures',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    contactId: uuid().notNull(),
    requestedBy: text(),
    erasedRows: integer().notNull(),
    erasedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { BrandFinding } from '../domain/brand-check.js';
import type { ContentBrief } from '../domain/content-brief.js';
import type { FormatFinding } from '../domain/format-check.js';
import type { VersionContent } from '../domain/asset.js';
import { timestamps } from '../../../platform/db/timestamps.js';

export const contentSchema = pgSchema('content');

/** A brand's voice, colours, approved claims, banned phrases and per-channel text limits. */
export const brandKits = contentSchema.table(
  'brand_kits',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    voice: text().notNull().default(''),
    colors: text().array().notNull(),
    approvedClaims: text().array().notNull(),
    bannedPhrases: text().array().notNull(),
    /** Longest text per channel, overriding the platform defaults: `{ "x": 200 }`. */
    channelLimits: jsonb().$type<Record<string, number>>().notNull(),
    logoText: text(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** A brief and the asynchronous generation it started. */
export const contentRequests = contentSchema.table(
  'content_requests',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    createdBy: text(),
    brief: jsonb().$type<ContentBrief>().notNull(),
    /** queued → generating → completed | failed */
    status: text().notNull(),
    failureReason: text(),
    /** Assets generated so far (progress is `generated / expected`). */
    generated: integer().notNull().default(0),
    expected: integer().notNull(),
    attempts: integer().notNull().default(0),
    startedAt: timestamp({ withTimezone: true, mode: 'string' }),
    finishedAt: timestamp({ withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('content_requests_status_idx').on(table.orgId, table.status, table.id),
  ],
);

/**
 * A piece of creative material in the media library (generated or uploaded). Its content lives
 * in versions; the row holds what the library searches and the review state.
 */
export const assets = contentSchema.table(
  'assets',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    requestId: uuid(),
    /** text | image | video */
    type: text().notNull(),
    /** MIME-ish format of the current version: text/plain, image/png, video/storyboard+json */
    format: text().notNull(),
    channel: text(),
    language: text(),
    title: text().notNull(),
    description: text().notNull(),
    hashtags: text().array().notNull(),
    /**
     * Description, title and hashtags lower-cased with accents stripped (PostgreSQL's 'simple'
     * configuration does not unaccent, and `unaccent` is not on every server).
     */
    searchText: text().notNull(),
    embedding: real().array(),
    embeddingModel: text(),
    /** draft | in_review | approved | rejected */
    status: text().notNull(),
    currentVersion: integer().notNull(),
    reviewedBy: text(),
    reviewComment: text(),
    reviewedAt: timestamp({ withTimezone: true, mode: 'string' }),
    licence: text(),
    rightsExpiresAt: timestamp({ withTimezone: true, mode: 'string' }),
    /** The expiry an expiring-rights alert was raised for (a new expiry can be alerted again). */
    rightsAlertedFor: timestamp({ withTimezone: true, mode: 'string' }),
    rightsAlertedAt: timestamp({ withTimezone: true, mode: 'string' }),
    usageCount: integer().notNull().default(0),
    createdBy: text(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    // List filters: organisation, filter, then the keyset sort key (newest first).
    index('assets_org_request_idx').on(table.orgId, table.requestId, table.id),
    index('assets_type_idx').on(table.orgId, table.type, table.id),
    index('assets_channel_idx').on(table.orgId, table.channel, table.id),
    index('assets_status_idx').on(table.orgId, table.status, table.id),
    // `sort=name`; `sort=created` is the primary key (ids are time-ordered).
    index('assets_title_idx').on(table.orgId, table.title, table.id),
    // Rights filters are time ranges: the few assets with an expiry, found by it.
    index('assets_rights_idx')
      .on(table.orgId, table.rightsExpiresAt)
      .where(sql`${table.rightsExpiresAt} is not null`),
    index('assets_search_idx').using('gin', sql`to_tsvector('simple', ${table.searchText})`),
    index('assets_hashtags_idx').using('gin', table.hashtags),
  ],
);

/** Every version of an asset (append-only): an edit adds one. */
export const assetVersions = contentSchema.table(
  'asset_versions',
  {
    orgId: uuid().notNull(),
    assetId: uuid().notNull(),
    version: integer().notNull(),
    content: jsonb().$type<VersionContent>().notNull(),
    brandFindings: jsonb().$type<BrandFinding[]>().notNull(),
    formatFindings: jsonb().$type<FormatFinding[]>().notNull(),
    /** Provider, model, tokens, cost of the generation; null for uploads and edits. */
    generation: jsonb().$type<Record<string, unknown>>(),
    note: text(),
    createdBy: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.assetId, table.version] })],
);

/** The review trail: submissions, approvals and rejections with who and why. */
export const assetReviews = contentSchema.table(
  'asset_reviews',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    assetId: uuid().notNull(),
    version: integer().notNull(),
    action: text().notNull(),
    actor: text().notNull(),
    comment: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('asset_reviews_asset_idx').on(table.orgId, table.assetId),
  ],
);

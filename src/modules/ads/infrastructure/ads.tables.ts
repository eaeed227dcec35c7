import {
  bigint,
  date,
  doublePrecision,
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
import { sql } from 'drizzle-orm';
import { timestamps } from '../../../platform/db/timestamps.js';

export const adsSchema = pgSchema('ads');

export interface Targeting {
  ageMin: number;
  ageMax: number;
  genders: string[];
  countries: string[];
  cities: { country: string; city: string }[];
  languages: string[];
  interests: string[];
}

/** A reusable target audience: ad sets copy its targeting when they name it. */
export const audiences = adsSchema.table(
  'audiences',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    name: text().notNull(),
    targeting: jsonb().$type<Targeting>().notNull(),
    crmSegmentId: uuid(),
    ...timestamps,
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** A campaign of one brand: objective, markets, total budget and dates; the state machine's row. */
export const campaigns = adsSchema.table(
  'campaigns',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    brand: text().notNull(),
    name: text().notNull(),
    objective: text().notNull(),
    countries: text().array().notNull(),
    cities: jsonb().$type<{ country: string; city: string }[]>().notNull(),
    budgetMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    /** draft → pending_approval → scheduled → active ⇄ paused → finished */
    status: text().notNull(),
    approvedBy: text(),
    approvedAt: timestamp({ withTimezone: true, mode: 'string' }),
    createdBy: text(),
    /**
     * The delivery tick (a minute) that last claimed this campaign: a claim succeeds once per
     * tick, so workers sharing a tick, or a retried page, never deliver a campaign twice in it.
     */
    deliveredTick: timestamp({ withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('campaigns_status_idx').on(table.status, table.startDate),
    // List filters: organisation, filter, then the keyset sort key (newest first).
    index('campaigns_org_status_idx').on(table.orgId, table.status, table.id),
    index('campaigns_org_brand_idx').on(table.orgId, table.brand, table.id),
    // `sort=name` and `sort=start`; `sort=created` is the primary key (ids are time-ordered).
    index('campaigns_org_name_idx').on(table.orgId, table.name, table.id),
    index('campaigns_org_start_idx').on(table.orgId, table.startDate, table.id),
    // The delivery tick pages through campaigns that can be due, across organisations, by id.
    index('campaigns_due_idx')
      .on(table.id)
      .where(sql`${table.status} in ('active', 'scheduled')`),
  ],
);

/** Audience, channel, budget, schedule and pacing of a group of ads. */
export const adSets = adsSchema.table(
  'ad_sets',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    campaignId: uuid().notNull(),
    name: text().notNull(),
    channel: text().notNull(),
    targeting: jsonb().$type<Targeting>().notNull(),
    dailyBudgetMinor: bigint({ mode: 'number' }).notNull(),
    pacing: text().notNull(),
    startDate: date({ mode: 'string' }),
    endDate: date({ mode: 'string' }),
    crmSegmentId: uuid(),
    /** The audience the targeting was copied from, if any. */
    audienceId: uuid(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('ad_sets_campaign_idx').on(table.orgId, table.campaignId, table.id),
    index('ad_sets_channel_idx').on(table.orgId, table.channel, table.id),
  ],
);

/** One creative variant (A, B, …) in an ad set. */
export const ads = adsSchema.table(
  'ads',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    campaignId: uuid().notNull(),
    adSetId: uuid().notNull(),
    variant: text().notNull(),
    headline: text().notNull(),
    body: text().notNull(),
    callToAction: text().notNull(),
    contentAssetId: uuid(),
    /** active | paused (an ad paused alone inside an active campaign). */
    status: text().notNull(),
    externalId: text(),
    /** What the channel last reported by webhook (`active`, `in_review`, `rejected`, …). */
    channelStatus: text(),
    channelStatusAt: timestamp({ withTimezone: true, mode: 'string' }),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    index('ads_ad_set_idx').on(table.orgId, table.adSetId, table.id),
    index('ads_campaign_idx').on(table.orgId, table.campaignId, table.id),
    // Channel webhooks name the platform's id only.
    index('ads_external_id_idx').on(table.externalId),
  ],
);

/**
 * Comments people left on an ad at its channel (from the channel's API or its webhooks), with
 * the sentiment score the AI gateway gave them. One row per channel comment id.
 */
export const comments = adsSchema.table(
  'comments',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    externalId: text().notNull(),
    /** The commenter's public handle at the channel (personal data). */
    author: text().notNull(),
    text: text().notNull(),
    language: text().notNull(),
    /** Likes and other reactions to the comment itself. */
    reactions: integer().notNull().default(0),
    sentiment: doublePrecision().notNull(),
    postedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('comments_external_idx').on(table.orgId, table.channel, table.externalId),
    index('comments_ad_posted_idx').on(table.orgId, table.adId, table.postedAt),
  ],
);

/**
 * Per ad and day: comment sentiment (count, labels, sum of scores: the mean is computed) and, for
 * ads on the influencer channel, the reactions to the creator's post. The sentiment query's rollup.
 */
export const sentimentDaily = adsSchema.table(
  'sentiment_daily',
  {
    orgId: uuid().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    comments: integer().notNull().default(0),
    positive: integer().notNull().default(0),
    negative: integer().notNull().default(0),
    neutral: integer().notNull().default(0),
    scoreSum: doublePrecision().notNull().default(0),
    influencerReactions: bigint({ mode: 'number' }).notNull().default(0),
    /** Set on every write: the analytics ETL reads the rows changed since its last run. */
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.adId, table.day] }),
    index('sentiment_daily_org_day_idx').on(table.orgId, table.day),
    index('sentiment_daily_updated_idx').on(table.updatedAt),
  ],
);

/** Daily facts per ad, channel and market as the channel reports them (upserted, idempotent). */
export const performanceDaily = adsSchema.table(
  'performance_daily',
  {
    orgId: uuid().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    country: text().notNull(),
    city: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    impressions: bigint({ mode: 'number' }).notNull(),
    reach: bigint({ mode: 'number' }).notNull(),
    clicks: bigint({ mode: 'number' }).notNull(),
    reactions: bigint({ mode: 'number' }).notNull(),
    interactions: bigint({ mode: 'number' }).notNull(),
    exposureSeconds: bigint({ mode: 'number' }).notNull(),
    conversions: bigint({ mode: 'number' }).notNull(),
    costMinor: bigint({ mode: 'number' }).notNull(),
    revenueMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({
      columns: [table.orgId, table.adId, table.channel, table.country, table.city, table.day],
    }),
    index('performance_daily_campaign_day_idx').on(table.orgId, table.campaignId, table.day),
    // The analytics ETL's delta read: rows changed since its watermark.
    index('performance_daily_updated_idx').on(table.updatedAt),
  ],
);

/** First-party counters per ad and day (tracked-link clicks, signed conversions): live rollup. */
export const trackingDaily = adsSchema.table(
  'tracking_daily',
  {
    orgId: uuid().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    day: date({ mode: 'string' }).notNull(),
    clicks: bigint({ mode: 'number' }).notNull().default(0),
    conversions: bigint({ mode: 'number' }).notNull().default(0),
    revenueMinor: bigint({ mode: 'number' }).notNull().default(0),
    /** Set on every write: the analytics ETL reads the rows changed since its last run. */
    updatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.adId, table.day] }),
    index('tracking_daily_campaign_day_idx').on(table.orgId, table.campaignId, table.day),
    index('tracking_daily_updated_idx').on(table.updatedAt),
  ],
);

/** A short link to a destination with UTM parameters, attributed to an ad. */
export const trackedLinks = adsSchema.table(
  'tracked_links',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    code: text().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    channel: text().notNull(),
    destinationUrl: text().notNull(),
    utm: jsonb().$type<Record<string, string>>().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    // Codes are global: /t/{code} arrives without an organisation.
    uniqueIndex('tracked_links_code_idx').on(table.code),
  ],
);

/** Every click on a tracked link (append-only). */
export const clicks = adsSchema.table(
  'clicks',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    linkId: uuid().notNull(),
    adId: uuid().notNull(),
    utm: jsonb().$type<Record<string, string>>().notNull(),
    userAgent: text(),
    referrer: text(),
    occurredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.id] })],
);

/** Conversions reported by the advertiser's server (signed) or the pixel; one per event id. */
export const conversions = adsSchema.table(
  'conversions',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    eventId: text().notNull(),
    adId: uuid().notNull(),
    campaignId: uuid().notNull(),
    source: text().notNull(),
    kind: text().notNull(),
    valueMinor: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull(),
    /** Personal data, encrypted at rest (the CRM receives it through the event). */
    emailEncrypted: text(),
    phoneEncrypted: text(),
    /** Keyed hashes of the normalised email and phone: GDPR look-ups (export, erasure). */
    emailHash: text(),
    phoneHash: text(),
    occurredAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
    receivedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /**
     * When the conversion was added to `tracking_daily`: counters are added in batches after
     * the conversion commits (one hot counter row per ad and day would serialise every request).
     */
    countedAt: timestamp({ withTimezone: true, mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('conversions_event_idx').on(table.orgId, table.eventId),
    index('conversions_uncounted_idx')
      .on(table.orgId, table.id)
      .where(sql`${table.countedAt} is null`),
    index('conversions_email_hash_idx').on(table.orgId, table.emailHash),
    index('conversions_phone_hash_idx').on(table.orgId, table.phoneHash),
  ],
);

/** The organisation's secret for signing conversions (encrypted with the master key). */
export const signingSecrets = adsSchema.table(
  'signing_secrets',
  {
    orgId: uuid().notNull(),
    secretEncrypted: text().notNull(),
    previousSecretEncrypted: text(),
    rotatedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (table) => [primaryKey({ columns: [table.orgId] })],
);

/**
 * An organisation's account at an ad or messaging vendor (Meta today; Google Ads, TikTok,
 * LinkedIn, Mailchimp, Twilio fit the same row): OAuth tokens or an API key, encrypted with the
 * master key, and what the vendor calls the account. One connection per vendor and organisation.
 */
export const adAccountConnections = adsSchema.table(
  'ad_account_connections',
  {
    orgId: uuid().notNull(),
    id: uuid().notNull(),
    /** `meta`, later `google_ads`, `tiktok`, `linkedin`, `mailchimp`, `twilio`. */
    provider: text().notNull(),
    /** active | needs_reauth (the vendor refused the token: the owner must connect again). */
    status: text().notNull(),
    /** The vendor's account id, e.g. `act_123` at Meta. */
    externalAccountId: text().notNull(),
    accountName: text().notNull(),
    currency: text().notNull(),
    /** `oauth` (access and refresh tokens) or `api_key` (the key in accessTokenEncrypted). */
    credentialKind: text().notNull(),
    accessTokenEncrypted: text().notNull(),
    refreshTokenEncrypted: text(),
    tokenExpiresAt: timestamp({ withTimezone: true, mode: 'string' }),
    scopes: text().array().notNull(),
    /** Vendor specifics that are not secret, e.g. Meta's page id and Instagram account id. */
    settings: jsonb().$type<Record<string, string>>().notNull().default({}),
    connectedBy: text().notNull(),
    /** Why the vendor last refused the connection (for `needs_reauth`). */
    lastError: text(),
    ...timestamps,
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.id] }),
    uniqueIndex('ad_account_connections_provider_idx').on(table.orgId, table.provider),
  ],
);

/**
 * An OAuth authorization in flight: `state` ties the vendor's redirect back to the organisation
 * and user who started it (and holds the PKCE verifier for vendors that take one). Used once.
 */
export const oauthStates = adsSchema.table(
  'oauth_states',
  {
    state: text().primaryKey(),
    orgId: uuid().notNull(),
    provider: text().notNull(),
    startedBy: text().notNull(),
    codeVerifierEncrypted: text(),
    /** The ad account the owner asked for; else the first active one the token can manage. */
    externalAccountId: text(),
    expiresAt: timestamp({ withTimezone: true, mode: 'string' }).notNull(),
  },
  // Abandoned authorizations are deleted when the next one starts.
  (table) => [index('oauth_states_expires_idx').on(table.expiresAt)],
);

/**
 * Objects a live channel created for our campaigns and ad sets (a Meta campaign and ad set per
 * ours): the ads of one ad set share them. Ads keep their own external id on `ads`.
 */
export const channelObjects = adsSchema.table(
  'channel_objects',
  {
    orgId: uuid().notNull(),
    channel: text().notNull(),
    /**
     * The vendor's object kind: campaign, ad_set, campaign_budget (Google), ad_group (Google),
     * ad_image (Meta: an asset version's image hash).
     */
    kind: text().notNull(),
    /** Our id of what it stands for: a campaign's or ad set's id, `<asset id>:v<version>`. */
    localId: text().notNull(),
    externalId: text().notNull(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.orgId, table.channel, table.kind, table.localId] })],
);

/** Webhook deliveries already processed (digest of the raw body per channel): each counts once. */
export const webhookReceipts = adsSchema.table(
  'webhook_receipts',
  {
    channel: text().notNull(),
    digest: text().notNull(),
    receivedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.channel, table.digest] }),
    // Receipts older than a week are pruned (Meta retries a failed delivery for up to 36 hours).
    index('webhook_receipts_received_idx').on(table.receivedAt),
  ],
);

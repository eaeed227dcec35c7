import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { consents, contacts, deals, interactions } from './crm.tables.js';

/*
 * Bulk writes for the demo seed (`promptsales seed --scale`): each batch is ONE statement whose
 * columns travel as array parameters and are turned back into rows by unnest. A thousand-row
 * VALUES list would cost more to build and parse than the insert itself, and a row per statement
 * would make 500,000 contacts a matter of hours.
 */

/** A column's values as one array parameter. */
const column = <Row, T>(rows: readonly Row[], pick: (row: Row) => T) => sql.param(rows.map(pick));

export type BulkContact = Required<
  Pick<
    typeof contacts.$inferInsert,
    | 'orgId'
    | 'id'
    | 'firstName'
    | 'lastName'
    | 'emailEncrypted'
    | 'emailHash'
    | 'phoneEncrypted'
    | 'phoneHash'
    | 'country'
    | 'city'
    | 'language'
    | 'birthYear'
    | 'gender'
    | 'interests'
    | 'tags'
    | 'lifecycleStage'
    | 'classification'
    | 'source'
    | 'medium'
    | 'utm'
    | 'campaignId'
    | 'adId'
    | 'lastInteractionAt'
    | 'createdAt'
  >
>;

/** Text arrays cannot be nested in a parameter (unnest would flatten them): joined, then split. */
const listSeparator = '\u001f';

export async function insertContactBatch(db: Database, rows: readonly BulkContact[]) {
  if (rows.length === 0) return;
  const list = (values: string[]) => values.join(listSeparator);
  await db.execute(
    sql`insert into ${contacts} (org_id, id, first_name, last_name, email_encrypted, email_hash,
          phone_encrypted, phone_hash, country, city, language, birth_year, gender, interests, tags,
          lifecycle_stage, classification, source, medium, utm, campaign_id, ad_id,
          last_interaction_at, created_at, updated_at)
        select org_id, id, first_name, last_name, email_encrypted, email_hash, phone_encrypted,
          phone_hash, country, city, language, birth_year, gender,
          coalesce(string_to_array(interests, ${listSeparator}), '{}'),
          coalesce(string_to_array(tags, ${listSeparator}), '{}'),
          lifecycle_stage, classification, source, medium, utm, campaign_id, ad_id,
          last_interaction_at, created_at, created_at
        from unnest(
          ${column(rows, (r) => r.orgId)}::uuid[], ${column(rows, (r) => r.id)}::uuid[],
          ${column(rows, (r) => r.firstName)}::text[], ${column(rows, (r) => r.lastName)}::text[],
          ${column(rows, (r) => r.emailEncrypted)}::text[], ${column(rows, (r) => r.emailHash)}::text[],
          ${column(rows, (r) => r.phoneEncrypted)}::text[], ${column(rows, (r) => r.phoneHash)}::text[],
          ${column(rows, (r) => r.country)}::text[], ${column(rows, (r) => r.city)}::text[],
          ${column(rows, (r) => r.language)}::text[], ${column(rows, (r) => r.birthYear)}::int[],
          ${column(rows, (r) => r.gender)}::text[],
          ${column(rows, (r) => list(r.interests))}::text[],
          ${column(rows, (r) => list(r.tags))}::text[],
          ${column(rows, (r) => r.lifecycleStage)}::text[],
          ${column(rows, (r) => r.classification)}::text[],
          ${column(rows, (r) => r.source)}::text[], ${column(rows, (r) => r.medium)}::text[],
          ${column(rows, (r) => JSON.stringify(r.utm))}::jsonb[],
          ${column(rows, (r) => r.campaignId)}::uuid[], ${column(rows, (r) => r.adId)}::uuid[],
          ${column(rows, (r) => r.lastInteractionAt)}::timestamptz[],
          ${column(rows, (r) => r.createdAt)}::timestamptz[]
        ) as t(org_id, id, first_name, last_name, email_encrypted, email_hash, phone_encrypted,
          phone_hash, country, city, language, birth_year, gender, interests, tags,
          lifecycle_stage, classification, source, medium, utm, campaign_id, ad_id,
          last_interaction_at, created_at)`,
  );
}

export type BulkConsent = typeof consents.$inferSelect;

export async function insertConsentBatch(db: Database, rows: readonly BulkConsent[]) {
  if (rows.length === 0) return;
  await db.execute(
    sql`insert into ${consents} (org_id, contact_id, channel, status, source, recorded_at)
        select * from unnest(
          ${column(rows, (r) => r.orgId)}::uuid[], ${column(rows, (r) => r.contactId)}::uuid[],
          ${column(rows, (r) => r.channel)}::text[], ${column(rows, (r) => r.status)}::text[],
          ${column(rows, (r) => r.source)}::text[],
          ${column(rows, (r) => r.recordedAt)}::timestamptz[])`,
  );
}

export type BulkInteraction = Required<
  Pick<
    typeof interactions.$inferInsert,
    | 'orgId'
    | 'id'
    | 'contactId'
    | 'channel'
    | 'direction'
    | 'subject'
    | 'body'
    | 'status'
    | 'occurredAt'
  >
>;

export async function insertInteractionBatch(db: Database, rows: readonly BulkInteraction[]) {
  if (rows.length === 0) return;
  await db.execute(
    sql`insert into ${interactions} (org_id, id, contact_id, channel, direction, subject, body,
          status, occurred_at)
        select * from unnest(
          ${column(rows, (r) => r.orgId)}::uuid[], ${column(rows, (r) => r.id)}::uuid[],
          ${column(rows, (r) => r.contactId)}::uuid[], ${column(rows, (r) => r.channel)}::text[],
          ${column(rows, (r) => r.direction)}::text[], ${column(rows, (r) => r.subject)}::text[],
          ${column(rows, (r) => r.body)}::text[], ${column(rows, (r) => r.status)}::text[],
          ${column(rows, (r) => r.occurredAt)}::timestamptz[])`,
  );
}

export type BulkDeal = Required<
  Pick<
    typeof deals.$inferInsert,
    | 'orgId'
    | 'id'
    | 'pipelineId'
    | 'stageId'
    | 'contactId'
    | 'title'
    | 'amountMinor'
    | 'currency'
    | 'products'
    | 'status'
    | 'lostReason'
    | 'wonAt'
    | 'lostAt'
    | 'campaignId'
    | 'adId'
    | 'createdAt'
  >
>;

export async function insertDealBatch(db: Database, rows: readonly BulkDeal[]) {
  if (rows.length === 0) return;
  await db.execute(
    sql`insert into ${deals} (org_id, id, pipeline_id, stage_id, contact_id, title, amount_minor,
          currency, products, status, lost_reason, won_at, lost_at, campaign_id, ad_id,
          created_at, updated_at)
        select *, created_at from unnest(
          ${column(rows, (r) => r.orgId)}::uuid[], ${column(rows, (r) => r.id)}::uuid[],
          ${column(rows, (r) => r.pipelineId)}::uuid[], ${column(rows, (r) => r.stageId)}::uuid[],
          ${column(rows, (r) => r.contactId)}::uuid[], ${column(rows, (r) => r.title)}::text[],
          ${column(rows, (r) => r.amountMinor)}::bigint[], ${column(rows, (r) => r.currency)}::text[],
          ${column(rows, (r) => JSON.stringify(r.products))}::jsonb[],
          ${column(rows, (r) => r.status)}::text[], ${column(rows, (r) => r.lostReason)}::text[],
          ${column(rows, (r) => r.wonAt)}::timestamptz[], ${column(rows, (r) => r.lostAt)}::timestamptz[],
          ${column(rows, (r) => r.campaignId)}::uuid[], ${column(rows, (r) => r.adId)}::uuid[],
          ${column(rows, (r) => r.createdAt)}::timestamptz[]
        ) as t(org_id, id, pipeline_id, stage_id, contact_id, title, amount_minor, currency,
          products, status, lost_reason, won_at, lost_at, campaign_id, ad_id, created_at)`,
  );
}

/** Demo-tagged contacts per campaign: what a re-run of the seed already finds. */
export async function taggedContactsPerCampaign(
  db: Database,
  orgId: string,
  tag: string,
): Promise<Map<string, number>> {
  const rows = await db
    .select({ campaignId: contacts.campaignId, count: sql<number>`count(*)::int` })
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), sql`${tag} = any(${contacts.tags})`))
    .groupBy(contacts.campaignId);
  return new Map(
    rows.flatMap((row) => (row.campaignId ? [[row.campaignId, row.count] as const] : [])),
  );
}

/**
 * Contacts' columns the planner needs statistics for (those queries filter, join or order on),
 * two per statement: the embedded database runs ANALYZE on the serving thread, where the whole
 * table in one statement took about half a second (the JSON and encrypted columns most of it),
 * four columns about 65 ms.
 */
const contactStatistics = [
  'org_id',
  'id',
  'company_id',
  'campaign_id',
  'ad_id',
  'owner_user_id',
  'lifecycle_stage',
  'classification',
  'source',
  'medium',
  'country',
  'city',
  'language',
  'birth_year',
  'gender',
  'interests',
  'tags',
  'score',
  'scored_at',
  'merged_into_id',
  'last_interaction_at',
  'created_at',
  'updated_at',
  'erased_at',
  'email_hash',
  'phone_hash',
  'name_key',
  'last_name_key',
];
const columnsPerAnalyze = 2;

/**
 * Refreshes the planner statistics of the tables a bulk load filled (see fillCampaigns), in
 * statements short enough for the embedded database's serving thread.
 */
export async function analyzeCrmTables(db: Database) {
  for (let from = 0; from < contactStatistics.length; from += columnsPerAnalyze) {
    const columns = contactStatistics
      .slice(from, from + columnsPerAnalyze)
      .map((column) => sql.identifier(column));
    await db.execute(sql`analyze ${contacts} (${sql.join(columns, sql`, `)})`);
  }
  for (const table of [consents, interactions, deals]) await db.execute(sql`analyze ${table}`);
}

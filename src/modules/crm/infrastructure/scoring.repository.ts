import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import type { ContactSignals } from '../domain/scoring-features.js';
import {
  capturedConversions,
  companies,
  contacts,
  deals,
  interactions,
  type ScoreFactor,
} from './crm.tables.js';
import { scoringModels } from './scoring.tables.js';

export type ScoringModelRow = typeof scoringModels.$inferSelect;

/**
 * A lead two weeks old without any deal did not buy: it is a negative example. Learning from closed
 * deals alone saw only the most engaged people (those a salesperson opened a deal for), so the
 * model never learned what separates them from quiet leads and scored quiet leads at random.
 */
export const quietLeadDays = 14;

export interface ContactSignalsRow {
  contactId: string;
  signals: ContactSignals;
  /** 1 won, 0 lost (no won deal) or a lead gone quiet without a deal, null unlabelled. */
  label: 0 | 1 | null;
}

interface RawSignals extends Record<string, unknown> {
  contact_id: string;
  country_match: boolean;
  age_match: boolean;
  company_match: boolean;
  budget_match: boolean;
  interest_overlap: number;
  email_in: number;
  email_out: number;
  whatsapp_in: number;
  whatsapp_out: number;
  sms_in: number;
  sms_out: number;
  voice_in: number;
  voice_out: number;
  chat_in: number;
  chat_out: number;
  days_since: number | null;
  clicks: number;
  conversions: number;
  forms: number;
  label: number | null;
}

const perChannel = (channel: string, direction: string) =>
  sql`count(*) filter (where ${interactions.channel} = ${channel} and ${interactions.direction} = ${direction})::int`;

/** What the organisation's won customers look like: the yardstick of the fit signals. */
export interface FitProfile {
  countries: string[];
  oldestBirth: number | null;
  youngestBirth: number | null;
  typicalAmount: number | null;
  products: string[];
}

/** Reads the whole organisation's history: compute it once per batch, not once per contact. */
export async function loadFitProfile(db: Database, orgId: string): Promise<FitProfile> {
  const result = await db.execute(sql`
    with won_contacts as (
      select c.country, c.birth_year from ${contacts} c
      where c.org_id = ${orgId} and exists (
        select 1 from ${deals} d where d.org_id = c.org_id and d.contact_id = c.id and d.status = 'won')
    )
    select
      array(select country from won_contacts where country is not null
            union select country from ${companies} where org_id = ${orgId} and country is not null) as countries,
      (select min(birth_year) from won_contacts) as oldest_birth,
      (select max(birth_year) from won_contacts) as youngest_birth,
      (select percentile_cont(0.5) within group (order by amount_minor) from ${deals}
        where org_id = ${orgId} and status = 'won') as typical_amount,
      array(select distinct lower(product ->> 'name') from ${companies} co,
            jsonb_array_elements(co.products) product where co.org_id = ${orgId}) as products`);
  const [row] = (
    result as unknown as {
      rows: {
        countries: string[];
        oldest_birth: number | null;
        youngest_birth: number | null;
        typical_amount: number | string | null;
        products: string[];
      }[];
    }
  ).rows;
  return {
    countries: row?.countries ?? [],
    oldestBirth: row?.oldest_birth ?? null,
    youngestBirth: row?.youngest_birth ?? null,
    typicalAmount: row?.typical_amount == null ? null : Number(row.typical_amount),
    products: row?.products ?? [],
  };
}

/**
 * Scoring signals for a set of contacts in ONE statement: the organisation's profile (countries
 * and ages of its won customers and its companies, typical won amount, product names), the
 * interaction counts per channel and direction, recency, attribution and the won/lost label.
 *
 * Fit proxies where the data has no direct field: "company size" is having a company on record
 * (companies carry no size), an ad click is ad attribution, a form submission is a web-form source.
 */
export async function loadSignals(
  db: Database,
  orgId: string,
  selection:
    { contactIds: readonly string[] } | { labelled: true } | { afterId?: string; limit: number },
  profile: FitProfile,
): Promise<ContactSignalsRow[]> {
  let filter: SQL;
  let tail = sql``;
  if ('contactIds' in selection) {
    if (selection.contactIds.length === 0) return [];
    filter = sql`c.id in (${sql.join(
      selection.contactIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`;
  } else if ('labelled' in selection) {
    filter = sql`(exists (select 1 from ${deals} d where d.org_id = c.org_id and d.contact_id = c.id and d.status in ('won', 'lost'))
      or (c.created_at < now() - make_interval(days => ${quietLeadDays})
          and not exists (select 1 from ${deals} d where d.org_id = c.org_id and d.contact_id = c.id)))`;
  } else {
    filter = selection.afterId ? sql`c.id > ${selection.afterId}::uuid` : sql`true`;
    tail = sql`order by c.id limit ${selection.limit}`;
  }
  const result = await db.execute(sql`
    with profile as (
      select ${sql.param(profile.countries)}::text[] as countries,
        ${profile.oldestBirth}::int as oldest_birth,
        ${profile.youngestBirth}::int as youngest_birth,
        ${profile.typicalAmount}::float8 as typical_amount,
        ${sql.param(profile.products)}::text[] as products
    ),
    selected as (
      select c.* from ${contacts} c
      where c.org_id = ${orgId} and c.erased_at is null and c.merged_into_id is null and ${filter}
      ${tail}
    ),
    activity as (
      select ${interactions.contactId} as contact_id,
        ${perChannel('email', 'inbound')} as email_in, ${perChannel('email', 'outbound')} as email_out,
        ${perChannel('whatsapp', 'inbound')} as whatsapp_in, ${perChannel('whatsapp', 'outbound')} as whatsapp_out,
        ${perChannel('sms', 'inbound')} as sms_in, ${perChannel('sms', 'outbound')} as sms_out,
        ${perChannel('voice', 'inbound')} as voice_in, ${perChannel('voice', 'outbound')} as voice_out,
        ${perChannel('chat', 'inbound')} as chat_in, ${perChannel('chat', 'outbound')} as chat_out,
        max(${interactions.occurredAt}) as last_at
      from ${interactions}
      where ${interactions.orgId} = ${orgId} and ${interactions.contactId} in (select id from selected)
      group by ${interactions.contactId}
    ),
    converted as (
      select ${capturedConversions.contactId} as contact_id, count(*)::int as conversions
      from ${capturedConversions}
      where ${capturedConversions.orgId} = ${orgId} and ${capturedConversions.contactId} in (select id from selected)
      group by ${capturedConversions.contactId}
    ),
    outcome as (
      select d.contact_id, bool_or(d.status = 'won') as won, bool_or(d.status = 'lost') as lost
      from ${deals} d where d.org_id = ${orgId} and d.contact_id in (select id from selected)
      group by d.contact_id
    )
    select s.id as contact_id,
      coalesce(s.country = any(p.countries), false) as country_match,
      coalesce(s.birth_year between p.oldest_birth and p.youngest_birth, false) as age_match,
      s.company_id is not null as company_match,
      coalesce(co.budget_minor >= p.typical_amount, false) as budget_match,
      case when cardinality(s.interests) = 0 then 0 else (
        select count(*) from unnest(s.interests) interest
        where exists (select 1 from unnest(p.products) product
                      where product like '%' || interest || '%' or interest like '%' || product || '%')
      )::float8 / cardinality(s.interests) end as interest_overlap,
      coalesce(a.email_in, 0) as email_in, coalesce(a.email_out, 0) as email_out,
      coalesce(a.whatsapp_in, 0) as whatsapp_in, coalesce(a.whatsapp_out, 0) as whatsapp_out,
      coalesce(a.sms_in, 0) as sms_in, coalesce(a.sms_out, 0) as sms_out,
      coalesce(a.voice_in, 0) as voice_in, coalesce(a.voice_out, 0) as voice_out,
      coalesce(a.chat_in, 0) as chat_in, coalesce(a.chat_out, 0) as chat_out,
      extract(epoch from now() - coalesce(a.last_at, s.last_interaction_at)) / 86400 as days_since,
      (s.ad_id is not null)::int as clicks,
      coalesce(cv.conversions, 0) as conversions,
      (s.source = 'web_form')::int as forms,
      case when o.won then 1 when o.lost then 0
        when o.contact_id is null and s.created_at < now() - make_interval(days => ${quietLeadDays}) then 0
      end as label
    from selected s
    cross join profile p
    left join ${companies} co on co.org_id = s.org_id and co.id = s.company_id
    left join activity a on a.contact_id = s.id
    left join converted cv on cv.contact_id = s.id
    left join outcome o on o.contact_id = s.id
    order by s.id`);
  return (result as unknown as { rows: RawSignals[] }).rows.map((row) => ({
    contactId: row.contact_id,
    label: row.label === null ? null : row.label === 1 ? 1 : 0,
    signals: {
      countryMatch: row.country_match,
      ageMatch: row.age_match,
      companySizeMatch: row.company_match,
      budgetMatch: row.budget_match,
      interestOverlap: Number(row.interest_overlap),
      interactions: {
        email: { inbound: row.email_in, outbound: row.email_out },
        whatsapp: { inbound: row.whatsapp_in, outbound: row.whatsapp_out },
        sms: { inbound: row.sms_in, outbound: row.sms_out },
        voice: { inbound: row.voice_in, outbound: row.voice_out },
        chat: { inbound: row.chat_in, outbound: row.chat_out },
      },
      daysSinceLastInteraction: row.days_since === null ? null : Number(row.days_since),
      clicks: Number(row.clicks),
      conversions: Number(row.conversions),
      formSubmissions: Number(row.forms),
    },
  }));
}

export async function activeModel(db: Database, orgId: string) {
  const [row] = await db
    .select()
    .from(scoringModels)
    .where(and(eq(scoringModels.orgId, orgId), eq(scoringModels.active, true)))
    .orderBy(desc(scoringModels.version))
    .limit(1);
  return row;
}

export async function listModels(db: Database, orgId: string, limit: number) {
  return db
    .select()
    .from(scoringModels)
    .where(eq(scoringModels.orgId, orgId))
    .orderBy(desc(scoringModels.version))
    .limit(limit);
}

/** Stores a new model version and makes it the active one. */
export async function saveModel(
  db: Database,
  model: Omit<typeof scoringModels.$inferInsert, 'version' | 'active' | 'trainedAt'>,
): Promise<ScoringModelRow> {
  return db.transaction(async (tx) => {
    // Serialises concurrent fits of one organisation, so versions never collide.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`crm.scoring:${model.orgId}`}))`);
    const [latest] = await tx
      .select({ version: sql<number>`coalesce(max(${scoringModels.version}), 0)::int` })
      .from(scoringModels)
      .where(eq(scoringModels.orgId, model.orgId));
    await tx
      .update(scoringModels)
      .set({ active: false })
      .where(and(eq(scoringModels.orgId, model.orgId), eq(scoringModels.active, true)));
    const [row] = await tx
      .insert(scoringModels)
      .values({ ...model, version: (latest?.version ?? 0) + 1, active: true })
      .returning();
    return row!;
  });
}

/** Writes many contacts' scores in one statement. */
export async function writeScores(
  db: Database,
  orgId: string,
  scores: readonly { contactId: string; score: number; factors: ScoreFactor[] }[],
): Promise<void> {
  if (scores.length === 0) return;
  const values = sql.join(
    scores.map(
      (item) =>
        sql`(${item.contactId}::uuid, ${item.score}::int, ${JSON.stringify(item.factors)}::jsonb)`,
    ),
    sql`, `,
  );
  await db.execute(sql`
    update ${contacts} set score = v.score, score_factors = v.factors, scored_at = now()
    from (values ${values}) as v(id, score, factors)
    where ${contacts.orgId} = ${orgId} and ${contacts.id} = v.id`);
}

export async function organisationsWithContacts(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ orgId: contacts.orgId }).from(contacts);
  return rows.map((row) => row.orgId);
}

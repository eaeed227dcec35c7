import { sql } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.js';
import { rowsOf } from '../../../platform/db/raw-result.js';
import { contacts, deals } from './crm.tables.js';

export interface CrmScope {
  orgId: string;
  /** null: leads and deals no campaign produced. */
  campaignId: string | null;
}

export interface ChangedCrmScope extends CrmScope {
  /** Contacts and deals of the scope written in the window. */
  rows: number;
}

/** Leads created and deals won, by the day they happened, ad and the person's market. */
export interface CrmFactRow extends CrmScope {
  day: string;
  adId: string | null;
  country: string;
  city: string;
  /** '' for lead counts; the deal's currency for deals won. */
  currency: string;
  leads: number;
  dealsWon: number;
  revenueWonMinor: number;
}

/** (organisation, campaign) pairs with contacts or deals written in (since, until]. */
export async function changedScopes(
  db: Database,
  since: string,
  until: string,
): Promise<ChangedCrmScope[]> {
  const rows = rowsOf<{ org_id: string; campaign_id: string | null; rows: number | string }>(
    await db.execute(sql`
      select org_id, campaign_id, count(*) as rows from (
        select ${contacts.orgId} as org_id, ${contacts.campaignId} as campaign_id from ${contacts}
        where ${contacts.updatedAt} > ${since} and ${contacts.updatedAt} <= ${until}
        union all
        select ${deals.orgId}, ${deals.campaignId} from ${deals}
        where ${deals.updatedAt} > ${since} and ${deals.updatedAt} <= ${until}
      ) changed
      group by 1, 2
      order by 1, 2`),
  );
  return rows.map((row) => ({
    orgId: row.org_id,
    campaignId: row.campaign_id,
    rows: Number(row.rows),
  }));
}

/**
 * Every lead (contacts not merged into another) and won deal of the scopes. A deal's market is
 * its contact's; its attribution is the campaign and ad copied onto it at creation.
 */
export async function factsOfScopes(
  db: Database,
  scopes: readonly CrmScope[],
): Promise<CrmFactRow[]> {
  if (scopes.length === 0) return [];
  const scope = sql`jsonb_to_recordset(${JSON.stringify(
    scopes.map((s) => ({ org_id: s.orgId, campaign_id: s.campaignId })),
  )}::jsonb) as s(org_id uuid, campaign_id uuid)`;
  // Joins driven by the scopes: attributed rows through the (org_id, campaign_id) indexes, the
  // unattributed ones per organisation; never a scan of every organisation's rows.
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with s as (select * from ${scope}),
      unattributed as (select distinct org_id from s where campaign_id is null),
      people as (
        select c.* from ${contacts} c join s on c.org_id = s.org_id and c.campaign_id = s.campaign_id
        union all
        select c.* from ${contacts} c join unattributed u on c.org_id = u.org_id
        where c.campaign_id is null
      ),
      sales as (
        select d.* from ${deals} d join s on d.org_id = s.org_id and d.campaign_id = s.campaign_id
        union all
        select d.* from ${deals} d join unattributed u on d.org_id = u.org_id
        where d.campaign_id is null
      )
      select c.org_id, c.campaign_id, (c.created_at at time zone 'UTC')::date::text as day,
             c.ad_id, coalesce(c.country, '') as country, coalesce(c.city, '') as city,
             '' as currency, count(*) as leads, 0 as deals_won, 0 as revenue_won_minor
      from people c
      where c.merged_into_id is null
      group by 1, 2, 3, 4, 5, 6
      union all
      select d.org_id, d.campaign_id, (d.won_at at time zone 'UTC')::date::text,
             d.ad_id, coalesce(p.country, ''), coalesce(p.city, ''),
             d.currency, 0, count(*), sum(d.amount_minor)
      from sales d
      left join ${contacts} p on p.org_id = d.org_id and p.id = d.contact_id
      where d.status = 'won' and d.won_at is not null
      group by 1, 2, 3, 4, 5, 6, 7`),
  );
  return rows.map((row) => ({
    orgId: String(row.org_id),
    campaignId: row.campaign_id === null ? null : String(row.campaign_id),
    day: String(row.day),
    adId: row.ad_id === null ? null : String(row.ad_id),
    country: String(row.country),
    city: String(row.city),
    currency: String(row.currency),
    leads: Number(row.leads),
    dealsWon: Number(row.deals_won),
    revenueWonMinor: Number(row.revenue_won_minor),
  }));
}

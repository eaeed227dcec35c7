import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import { adSets, ads, campaigns } from '../infrastructure/ads.tables.js';
import { adsDemoActor } from './demo-seed.js';

export interface DemoCampaignAds {
  id: string;
  name: string;
  brand: string;
  currency: string;
  startDate: string;
  endDate: string;
  countries: string[];
  ads: { id: string; channel: string; variant: string }[];
}

/**
 * The demo campaigns of an organisation with their ads, oldest first (at most the `first` ones):
 * what the CRM's demo seed attributes its leads, deals and sales to, so both demos tell one story.
 */
export async function demoCampaignsWithAds(
  runtime: Runtime,
  orgId: string,
  options: { first?: number } = {},
): Promise<DemoCampaignAds[]> {
  const campaignQuery = runtime.db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      brand: campaigns.brand,
      currency: campaigns.currency,
      startDate: campaigns.startDate,
      endDate: campaigns.endDate,
      countries: campaigns.countries,
    })
    .from(campaigns)
    .where(and(eq(campaigns.orgId, orgId), eq(campaigns.createdBy, adsDemoActor)))
    .orderBy(asc(campaigns.id));
  const campaignRows = await (options.first === undefined
    ? campaignQuery
    : campaignQuery.limit(options.first));
  if (campaignRows.length === 0) return [];
  const adRows = await runtime.db
    .select({
      id: ads.id,
      campaignId: ads.campaignId,
      variant: ads.variant,
      channel: adSets.channel,
    })
    .from(ads)
    .innerJoin(adSets, and(eq(adSets.orgId, ads.orgId), eq(adSets.id, ads.adSetId)))
    .innerJoin(campaigns, and(eq(campaigns.orgId, ads.orgId), eq(campaigns.id, ads.campaignId)))
    .where(
      and(
        eq(ads.orgId, orgId),
        eq(campaigns.createdBy, adsDemoActor),
        options.first === undefined
          ? undefined
          : inArray(
              ads.campaignId,
              campaignRows.map((row) => row.id),
            ),
      ),
    )
    .orderBy(asc(ads.id));
  const byCampaign = new Map(
    campaignRows.map((row) => [row.id, { ...row, ads: [] as DemoCampaignAds['ads'] }]),
  );
  for (const ad of adRows)
    byCampaign
      .get(ad.campaignId)
      ?.ads.push({ id: ad.id, channel: ad.channel, variant: ad.variant });
  return [...byCampaign.values()];
}

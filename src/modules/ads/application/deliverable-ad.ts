import type { DeliverableAd } from '../domain/channel-adapter.js';
import type { Channel } from '../domain/channels.js';
import type { Market, Pacing } from '../domain/simulated-metrics.js';
import type { AdRow, AdSetRow, CampaignRow } from '../infrastructure/campaigns.repository.js';

/** Markets an ad set reaches: its cities, else its countries, else the campaign's markets. */
export function marketsOf(adSet: AdSetRow, campaign: CampaignRow): Market[] {
  const t = adSet.targeting;
  if (t.cities.length > 0) return t.cities.map((c) => ({ country: c.country, city: c.city }));
  if (t.countries.length > 0) return t.countries.map((country) => ({ country, city: '' }));
  if (campaign.cities.length > 0)
    return campaign.cities.map((c) => ({ country: c.country, city: c.city }));
  return campaign.countries.map((country) => ({ country, city: '' }));
}

/** An ad as a channel sees it; the ad set's daily budget is shared by its active ads. */
export function deliverableAd(
  ad: AdRow,
  adSet: AdSetRow,
  campaign: CampaignRow,
  activeAdsInSet: number,
): DeliverableAd {
  return {
    orgId: ad.orgId,
    adId: ad.id,
    channel: adSet.channel as Channel,
    dailyBudgetMinor: Math.floor(adSet.dailyBudgetMinor / Math.max(1, activeAdsInSet)),
    currency: campaign.currency,
    pacing: adSet.pacing as Pacing,
    markets: marketsOf(adSet, campaign),
    headline: ad.headline,
    body: ad.body,
    callToAction: ad.callToAction,
    startDate: adSet.startDate ?? campaign.startDate,
    language: adSet.targeting.languages[0] ?? 'es',
    externalId: ad.externalId,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      objective: campaign.objective,
      endDate: campaign.endDate,
    },
    adSet: {
      id: adSet.id,
      name: adSet.name,
      dailyBudgetMinor: adSet.dailyBudgetMinor,
      endDate: adSet.endDate ?? campaign.endDate,
      targeting: adSet.targeting,
    },
    variant: ad.variant,
    contentAssetId: ad.contentAssetId,
  };
}

import type { ChannelMetricsRow, DeliverableAd } from './channel-adapter.js';
import { isoCountryNumbers } from './iso-country-numbers.js';
import { minorUnitDecimals } from './meta-mapping.js';

/**
 * Pure translation between PromptAds and the Google Ads API (REST, JSON with camelCase fields
 * and int64 values as strings). The adapter (infrastructure) makes the calls; what is mapped and
 * what cannot be is documented in docs/integrations.md.
 */

const microsPerUnit = 1_000_000;

/** Our minor units → Google micros of the major unit: ×10⁴ for USD cents, ×10⁶ for JPY yen. */
export function toMicros(minor: number, currency: string): number {
  return Math.round(minor) * (microsPerUnit / 10 ** minorUnitDecimals(currency.toUpperCase()));
}

/** Google micros (`"12340000"`) → our minor units, rounded to the nearest one. */
export function fromMicros(micros: string | number | undefined, currency: string): number {
  const value = typeof micros === 'number' ? micros : Number.parseInt(micros ?? '0', 10);
  if (!Number.isFinite(value)) return 0;
  return Math.round(value / (microsPerUnit / 10 ** minorUnitDecimals(currency.toUpperCase())));
}

/** A decimal amount in major units (`conversionsValue: 99.5`) → our minor units. */
export function fromMajor(amount: number | string | undefined, currency: string): number {
  const value = typeof amount === 'number' ? amount : Number.parseFloat(amount ?? '0');
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 10 ** minorUnitDecimals(currency.toUpperCase()));
}

/** `geoTargetConstants/2188` for CR; undefined for a code Google has no country target for. */
export function countryGeoTarget(country: string): string | undefined {
  const numeric = isoCountryNumbers[country.toUpperCase()];
  return numeric === undefined ? undefined : `geoTargetConstants/${2000 + numeric}`;
}

const countryByCriterion = new Map(
  Object.entries(isoCountryNumbers).map(([alpha2, numeric]) => [String(2000 + numeric), alpha2]),
);

/** A country criterion id Google reports (`"2188"`) → `CR`; empty when it is not a country. */
export function countryOfCriterion(criterionId: string | number | undefined): string {
  return countryByCriterion.get(String(criterionId ?? '')) ?? '';
}

export interface GoogleTargeting {
  /** Geo target constants of the campaign's location criteria. */
  geoTargetConstants: string[];
  /** What our targeting says that this mapping does not express at Google (logged, documented). */
  notExpressed: string[];
}

/**
 * Our ad set's targeting as Google campaign location criteria: countries (the ad set's, else its
 * markets'); a city is targeted as its country. Interests become the ad groups' broad-match
 * keywords (the adapter's part). Search campaigns are not aimed by age or gender in this mapping,
 * and languages need Google's language constants: those are reported as not expressed rather
 * than sent wrong.
 */
export function googleTargeting(ad: DeliverableAd): GoogleTargeting {
  const t = ad.adSet.targeting;
  const notExpressed: string[] = [];
  const countries = [
    ...new Set(
      [
        ...(t.countries.length > 0
          ? t.countries
          : ad.markets.map((market) => market.country).filter((c) => c !== '')),
        ...t.cities.map((city) => city.country),
      ].map((c) => c.toUpperCase()),
    ),
  ];
  const geoTargetConstants: string[] = [];
  for (const country of countries) {
    const constant = countryGeoTarget(country);
    if (constant) geoTargetConstants.push(constant);
    else notExpressed.push(`country ${country} (no Google geo target)`);
  }
  if (t.cities.length > 0) notExpressed.push('cities (targeted as their countries)');
  if (t.ageMin > 18 || t.ageMax < 65) notExpressed.push(`ages ${t.ageMin}–${t.ageMax}`);
  if (t.genders.length > 0 && !(t.genders.includes('male') && t.genders.includes('female')))
    notExpressed.push('genders');
  if (t.languages.length > 0) notExpressed.push('languages');
  return { geoTargetConstants, notExpressed };
}

/**
 * The campaign's standard bidding strategy: Maximize conversions for leads and sales (it needs
 * conversion tracking in the account), Maximize clicks (`targetSpend`) for everything else.
 */
export function googleBidding(objective: string): Record<string, Record<string, never>> {
  return objective === 'leads' || objective === 'sales'
    ? { maximizeConversions: {} }
    : { targetSpend: {} };
}

/** A `googleAds:searchStream` row of the geographic_view query (REST JSON). */
export interface GeographicViewRow {
  geographicView?: { countryCriterionId?: string; locationType?: string };
  segments?: { date?: string };
  metrics?: {
    impressions?: string;
    clicks?: string;
    costMicros?: string;
    conversions?: number;
    conversionsValue?: number;
  };
}

/** GAQL for an ad group's daily metrics by country (both location types: presence and interest). */
export function geographicMetricsQuery(adGroupId: string, from: string, to: string): string {
  if (!/^\d+$/.test(adGroupId)) throw new Error(`Not a Google ad group id: ${adGroupId}`);
  if (![from, to].every((day) => /^\d{4}-\d{2}-\d{2}$/.test(day)))
    throw new Error('Dates must be YYYY-MM-DD');
  return [
    'SELECT geographic_view.country_criterion_id, geographic_view.location_type, segments.date,',
    'metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions,',
    'metrics.conversions_value',
    'FROM geographic_view',
    `WHERE ad_group.id = ${adGroupId} AND segments.date BETWEEN '${from}' AND '${to}'`,
  ].join(' ');
}

const count = (value: string | undefined) => {
  const parsed = Number.parseInt(value ?? '0', 10);
  return Number.isFinite(parsed) ? parsed : 0;
};

/**
 * Geographic-view rows → our metrics per market and day. Rows of both location types of a
 * country and day are added up. Search reports no reach, reactions or exposure time: those stay
 * 0; conversions are rounded (Google counts fractional, data-driven ones); revenue is the
 * conversion value Google attributes, in the account's currency.
 */
export function metricsFromGeographicView(
  rows: readonly GeographicViewRow[],
  currency: string,
): ChannelMetricsRow[] {
  const byKey = new Map<string, ChannelMetricsRow & { conversions: number; value: number }>();
  for (const row of rows) {
    const day = row.segments?.date;
    if (!day) continue;
    const country = countryOfCriterion(row.geographicView?.countryCriterionId);
    const key = `${day}|${country}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        market: { country, city: '' },
        day,
        metrics: {
          impressions: 0,
          reach: 0,
          clicks: 0,
          reactions: 0,
          interactions: 0,
          exposureSeconds: 0,
          conversions: 0,
          costMinor: 0,
          revenueMinor: 0,
        },
        conversions: 0,
        value: 0,
      };
      byKey.set(key, entry);
    }
    const m = row.metrics ?? {};
    entry.metrics.impressions += count(m.impressions);
    entry.metrics.clicks += count(m.clicks);
    entry.metrics.costMinor += fromMicros(m.costMicros, currency);
    entry.conversions += m.conversions ?? 0;
    entry.value += m.conversionsValue ?? 0;
  }
  return [...byKey.values()].map(({ market, day, metrics, conversions, value }) => ({
    market,
    day,
    metrics: {
      ...metrics,
      conversions: Math.round(conversions),
      revenueMinor: fromMajor(value, currency),
    },
  }));
}

/** `customers/123/adGroupAds/456~789` → the ad group id `456`. */
export function adGroupIdOfAd(resourceName: string): string | undefined {
  return /^customers\/\d+\/adGroupAds\/(\d+)~\d+$/.exec(resourceName)?.[1];
}

/** `customers/1234567890` → `1234567890`. */
export function customerIdOf(resourceName: string): string {
  return resourceName.replace(/^customers\//, '');
}

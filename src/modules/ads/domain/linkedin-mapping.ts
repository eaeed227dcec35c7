import type { ChannelMetricsRow, DeliverableAd } from './channel-adapter.js';
import { minorUnitDecimals } from './meta-mapping.js';
import type { DailyMetrics } from './simulated-metrics.js';

/**
 * Pure translation between PromptAds and the LinkedIn Marketing API (Rest.li, versioned). The
 * adapter (infrastructure) does the calls; what is mapped and what cannot be is documented in
 * docs/integrations.md.
 */

/** Our minor units → LinkedIn's money amount: a decimal string in major units ("500.50"). */
export function toLinkedInAmount(minor: number, currency: string): string {
  const decimals = minorUnitDecimals(currency.toUpperCase());
  return (minor / 10 ** decimals).toFixed(decimals);
}

/** A LinkedIn amount (`costInLocalCurrency: "12.34"`) → our minor units. */
export function fromLinkedInAmount(amount: string | number | undefined, currency: string): number {
  const value = typeof amount === 'number' ? amount : Number.parseFloat(amount ?? '0');
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 10 ** minorUnitDecimals(currency.toUpperCase()));
}

export interface LinkedInGoal {
  objectiveType: 'BRAND_AWARENESS' | 'WEBSITE_VISIT';
  costType: 'CPM' | 'CPC';
  optimizationTargetType: 'MAX_IMPRESSION' | 'MAX_CLICK';
}

/**
 * Text ads (the format this adapter publishes: no company page post needed) take only the brand
 * awareness and website visit objectives; every objective other than awareness becomes visits.
 */
export function linkedinGoal(objective: string): LinkedInGoal {
  return objective === 'awareness'
    ? {
        objectiveType: 'BRAND_AWARENESS',
        costType: 'CPM',
        optimizationTargetType: 'MAX_IMPRESSION',
      }
    : { objectiveType: 'WEBSITE_VISIT', costType: 'CPC', optimizationTargetType: 'MAX_CLICK' };
}

/** LinkedIn's age buckets (`urn:li:ageRange:(55,2147483647)` is 55 and over). */
const ageRanges: readonly { min: number; max: number }[] = [
  { min: 18, max: 24 },
  { min: 25, max: 34 },
  { min: 35, max: 54 },
  { min: 55, max: 2_147_483_647 },
];

/** Interface locales LinkedIn offers, by ISO 639-1 language (one locale each). */
const localesByLanguage: Readonly<Record<string, { language: string; country: string }>> = {
  en: { language: 'en', country: 'US' },
  es: { language: 'es', country: 'ES' },
  pt: { language: 'pt', country: 'BR' },
  fr: { language: 'fr', country: 'FR' },
  de: { language: 'de', country: 'DE' },
  it: { language: 'it', country: 'IT' },
  nl: { language: 'nl', country: 'NL' },
  ja: { language: 'ja', country: 'JP' },
};

export const locationsFacet = 'urn:li:adTargetingFacet:locations';
export const interestsFacet = 'urn:li:adTargetingFacet:interests';

export interface LinkedInTargeting {
  targetingCriteria: { include: { and: { or: Record<string, string[]> }[] } };
  /** The campaign's locale (its ads' language). */
  locale: { country: string; language: string };
  notExpressed: string[];
}

/** The countries an ad set targets (its own, else its markets', plus its cities' countries). */
export function targetedCountries(ad: DeliverableAd): string[] {
  const t = ad.adSet.targeting;
  return [
    ...new Set(
      [
        ...(t.countries.length > 0
          ? t.countries
          : ad.markets.map((market) => market.country).filter((c) => c !== '')),
        ...t.cities.map((city) => city.country),
      ].map((c) => c.toUpperCase()),
    ),
  ];
}

/**
 * Our ad set's targeting as LinkedIn `targetingCriteria`. Countries become geo URNs and interests
 * interest URNs through the look-ups the adapter made (`geos`: ISO country → `urn:li:geo:…`;
 * `interests`: lower-cased name → URN); those LinkedIn does not know are not sent. Ages are
 * widened to LinkedIn's buckets (members are 18 and over).
 */
export function linkedinTargeting(
  ad: DeliverableAd,
  geos: ReadonlyMap<string, string>,
  interests: ReadonlyMap<string, string>,
): LinkedInTargeting {
  const t = ad.adSet.targeting;
  const notExpressed: string[] = [];
  if (t.cities.length > 0) notExpressed.push('cities (targeted as their countries)');
  const locations: string[] = [];
  for (const country of targetedCountries(ad)) {
    const urn = geos.get(country);
    if (urn) locations.push(urn);
    else notExpressed.push(`country ${country} (no LinkedIn geo for it)`);
  }
  const and: { or: Record<string, string[]> }[] = [{ or: { [locationsFacet]: locations } }];

  const buckets = ageRanges.filter((r) => r.max >= t.ageMin && r.min <= t.ageMax);
  const first = buckets[0];
  const last = buckets.at(-1);
  const everyone = t.ageMin <= 18 && t.ageMax >= 55;
  if (first && last && !everyone) {
    and.push({
      or: {
        'urn:li:adTargetingFacet:ageRanges': buckets.map(
          (r) => `urn:li:ageRange:(${r.min},${r.max})`,
        ),
      },
    });
    if (first.min !== Math.max(18, t.ageMin) || (last.max !== t.ageMax && t.ageMax < 55))
      notExpressed.push(`ages ${t.ageMin}–${t.ageMax} (widened to LinkedIn's age ranges)`);
  }
  if (t.ageMin < 18) notExpressed.push('ages under 18 (LinkedIn members are 18 and over)');

  const genders = t.genders.flatMap((g) =>
    g === 'male' ? ['urn:li:gender:MALE'] : g === 'female' ? ['urn:li:gender:FEMALE'] : [],
  );
  if (t.genders.includes('other')) notExpressed.push('gender "other"');
  if (genders.length === 1) and.push({ or: { 'urn:li:adTargetingFacet:genders': genders } });

  const localeUrns: string[] = [];
  for (const language of t.languages) {
    const locale = localesByLanguage[language.toLowerCase()];
    if (locale) localeUrns.push(`urn:li:locale:${locale.language}_${locale.country}`);
    else notExpressed.push(`language ${language} (no LinkedIn interface locale)`);
  }
  if (localeUrns.length > 0)
    and.push({ or: { 'urn:li:adTargetingFacet:interfaceLocales': localeUrns } });

  const interestUrns: string[] = [];
  for (const interest of t.interests) {
    const urn = interests.get(interest.trim().toLowerCase());
    if (urn) interestUrns.push(urn);
    else notExpressed.push(`interest "${interest}" (no LinkedIn interest of that name)`);
  }
  if (interestUrns.length > 0) and.push({ or: { [interestsFacet]: interestUrns } });

  const locale = localesByLanguage[ad.language.toLowerCase()] ?? localesByLanguage.en!;
  return { targetingCriteria: { include: { and } }, locale, notExpressed };
}

/** A text ad's fields within LinkedIn's limits (headline 25 characters, description 75). */
export function linkedinTextAd(ad: DeliverableAd, landingPage: string) {
  return {
    headline: ad.headline.slice(0, 25),
    description: ad.body.slice(0, 75),
    landingPage,
  };
}

/** `YYYY-MM-DD` → Rest.li date `(year:2026,month:12,day:7)`. */
export function restliDate(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `(year:${year},month:${month},day:${date})`;
}

/** An `adAnalytics` element (`pivot=MEMBER_COUNTRY_V2`, `timeGranularity=DAILY`). */
export interface LinkedInAnalyticsRow {
  dateRange?: { start?: { year: number; month: number; day: number } };
  pivotValues?: string[];
  impressions?: number;
  clicks?: number;
  costInLocalCurrency?: string;
  externalWebsiteConversions?: number;
  conversionValueInLocalCurrency?: string;
  likes?: number;
  totalEngagements?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Analytics elements → our metrics per market and day. `countries` maps geo URNs back to ISO
 * codes (those the ad targets); other URNs count as an unknown market. Reach is not reported
 * with a demographic pivot and stays 0.
 */
export function metricsFromLinkedInAnalytics(
  rows: readonly LinkedInAnalyticsRow[],
  countries: ReadonlyMap<string, string>,
  currency: string,
): ChannelMetricsRow[] {
  const byKey = new Map<string, ChannelMetricsRow>();
  for (const row of rows) {
    const start = row.dateRange?.start;
    if (!start) continue;
    const day = `${start.year}-${pad(start.month)}-${pad(start.day)}`;
    const market = { country: countries.get(row.pivotValues?.[0] ?? '') ?? '', city: '' };
    const metrics: DailyMetrics = {
      impressions: row.impressions ?? 0,
      reach: 0,
      clicks: row.clicks ?? 0,
      reactions: row.likes ?? 0,
      interactions: row.totalEngagements ?? 0,
      exposureSeconds: 0,
      conversions: row.externalWebsiteConversions ?? 0,
      costMinor: fromLinkedInAmount(row.costInLocalCurrency, currency),
      revenueMinor: fromLinkedInAmount(row.conversionValueInLocalCurrency, currency),
    };
    const key = `${day}|${market.country}`;
    const existing = byKey.get(key);
    if (existing)
      for (const field of Object.keys(metrics) as (keyof DailyMetrics)[])
        existing.metrics[field] += metrics[field];
    else byKey.set(key, { market, day, metrics });
  }
  return [...byKey.values()];
}

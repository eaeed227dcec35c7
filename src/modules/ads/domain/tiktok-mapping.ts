import type { ChannelMetricsRow, DeliverableAd } from './channel-adapter.js';
import { minorUnitDecimals } from './meta-mapping.js';
import type { DailyMetrics } from './simulated-metrics.js';

/**
 * Pure translation between PromptAds and the TikTok Business API (v1.3). The adapter
 * (infrastructure) does the calls; what is mapped and what cannot be is documented in
 * docs/integrations.md.
 */

/** Our minor units → TikTok's budget: the account currency's major units, with decimals. */
export function toTikTokBudget(minor: number, currency: string): number {
  const decimals = minorUnitDecimals(currency.toUpperCase());
  return Number((minor / 10 ** decimals).toFixed(decimals));
}

/** A TikTok amount (`spend: "12.34"`, major units) → our minor units. */
export function fromTikTokAmount(amount: string | number | undefined, currency: string): number {
  const value = typeof amount === 'number' ? amount : Number.parseFloat(amount ?? '0');
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 10 ** minorUnitDecimals(currency.toUpperCase()));
}

export interface TikTokGoal {
  objectiveType: string;
  optimizationGoal: string;
  billingEvent: string;
}

/** Objective → TikTok's objective type with the optimisation goal and billing event it pairs with. */
export function tiktokGoal(objective: string): TikTokGoal {
  switch (objective) {
    case 'traffic':
      return { objectiveType: 'TRAFFIC', optimizationGoal: 'CLICK', billingEvent: 'CPC' };
    case 'engagement':
      return { objectiveType: 'ENGAGEMENT', optimizationGoal: 'FOLLOWERS', billingEvent: 'OCPM' };
    case 'leads':
      return {
        objectiveType: 'LEAD_GENERATION',
        optimizationGoal: 'LEAD_GENERATION',
        billingEvent: 'OCPM',
      };
    case 'sales':
      return {
        objectiveType: 'WEB_CONVERSIONS',
        optimizationGoal: 'CONVERT',
        billingEvent: 'OCPM',
      };
    default:
      return { objectiveType: 'REACH', optimizationGoal: 'REACH', billingEvent: 'CPM' };
  }
}

const callsToAction = new Set([
  'LEARN_MORE',
  'SHOP_NOW',
  'SIGN_UP',
  'CONTACT_US',
  'BOOK_NOW',
  'ORDER_NOW',
  'APPLY_NOW',
  'DOWNLOAD_NOW',
  'SUBSCRIBE',
  'WATCH_NOW',
  'GET_QUOTE',
]);

/** "Shop now" → SHOP_NOW; anything TikTok has no button for → LEARN_MORE. */
export function tiktokCallToAction(text: string): string {
  const type = text
    .trim()
    .toUpperCase()
    .replace(/[^A-Z]+/g, '_');
  return callsToAction.has(type) ? type : 'LEARN_MORE';
}

/** TikTok's fixed age groups (`AGE_55_100` is 55 and over). */
const ageGroups: readonly { id: string; min: number; max: number }[] = [
  { id: 'AGE_13_17', min: 13, max: 17 },
  { id: 'AGE_18_24', min: 18, max: 24 },
  { id: 'AGE_25_34', min: 25, max: 34 },
  { id: 'AGE_35_44', min: 35, max: 44 },
  { id: 'AGE_45_54', min: 45, max: 54 },
  { id: 'AGE_55_100', min: 55, max: 100 },
];

export interface TikTokTargeting {
  location_ids: string[];
  age_groups: string[];
  gender: 'GENDER_UNLIMITED' | 'GENDER_MALE' | 'GENDER_FEMALE';
  languages: string[];
  interest_category_ids: string[];
  /** What our targeting says that TikTok cannot be told (logged, documented). */
  notExpressed: string[];
}

/**
 * Our ad set's targeting in TikTok's terms. Countries become TikTok location ids and interests
 * interest category ids through the look-ups the adapter made (`regions`: ISO country → location
 * id; `interests`: lower-cased category name → id); those TikTok does not know are not sent.
 * Ages are widened to TikTok's groups that overlap the range.
 */
export function tiktokTargeting(
  ad: DeliverableAd,
  regions: ReadonlyMap<string, string>,
  interests: ReadonlyMap<string, string>,
): TikTokTargeting {
  const t = ad.adSet.targeting;
  const notExpressed: string[] = [];
  const countries = [
    ...new Set([
      ...(t.countries.length > 0
        ? t.countries
        : ad.markets.map((market) => market.country).filter((c) => c !== '')),
      ...t.cities.map((city) => city.country),
    ]),
  ];
  if (t.cities.length > 0) notExpressed.push('cities (targeted as their countries)');
  const locationIds: string[] = [];
  for (const country of countries) {
    const id = regions.get(country.toUpperCase());
    if (id) locationIds.push(id);
    else notExpressed.push(`country ${country} (TikTok has no location id for it)`);
  }
  const groups = ageGroups.filter((g) => g.max >= t.ageMin && g.min <= t.ageMax);
  const first = groups[0];
  const last = groups.at(-1);
  if (first && last && (first.min !== t.ageMin || (last.max !== t.ageMax && t.ageMax < 100)))
    notExpressed.push(`ages ${t.ageMin}–${t.ageMax} (widened to ${first.min}–${last.max})`);
  const male = t.genders.includes('male');
  const female = t.genders.includes('female');
  if (t.genders.includes('other')) notExpressed.push('gender "other"');
  const interestIds: string[] = [];
  for (const interest of t.interests) {
    const id = interests.get(interest.trim().toLowerCase());
    if (id) interestIds.push(id);
    else notExpressed.push(`interest "${interest}" (no TikTok category of that name)`);
  }
  return {
    location_ids: locationIds,
    age_groups: groups.map((g) => g.id),
    gender:
      male && !female ? 'GENDER_MALE' : female && !male ? 'GENDER_FEMALE' : 'GENDER_UNLIMITED',
    languages: [...new Set(t.languages.map((l) => l.toLowerCase()))],
    interest_category_ids: interestIds,
    notExpressed,
  };
}

/** `YYYY-MM-DD` → TikTok's schedule time (`YYYY-MM-DD HH:MM:SS`, the advertiser's time zone). */
export const tiktokTime = (day: string, end: boolean) => `${day} ${end ? '23:59:59' : '00:00:00'}`;

/** A row of `report/integrated/get/` (`dimensions` ad_id, stat_time_day, country_code). */
export interface TikTokReportRow {
  dimensions: { ad_id?: string; stat_time_day?: string; country_code?: string };
  metrics: Record<string, string | number | undefined>;
}

const count = (value: string | number | undefined) => {
  const parsed = typeof value === 'number' ? value : Number.parseFloat(value ?? '0');
  return Number.isFinite(parsed) ? Math.round(parsed) : 0;
};

/**
 * Report rows → our metrics per market and day. Reactions are likes, interactions likes +
 * comments + shares; conversions TikTok's `conversion`. TikTok breaks reports down by country
 * only in audience reports, which have no reach and no attributed value: both stay 0.
 */
export function metricsFromTikTokReport(
  rows: readonly TikTokReportRow[],
  currency: string,
): ChannelMetricsRow[] {
  const byKey = new Map<string, ChannelMetricsRow>();
  for (const row of rows) {
    const day = (row.dimensions.stat_time_day ?? '').slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
    const code = (row.dimensions.country_code ?? '').toUpperCase();
    const market = { country: /^[A-Z]{2}$/.test(code) ? code : '', city: '' };
    const m = row.metrics;
    const metrics: DailyMetrics = {
      impressions: count(m.impressions),
      reach: 0,
      clicks: count(m.clicks),
      reactions: count(m.likes),
      interactions: count(m.likes) + count(m.comments) + count(m.shares),
      exposureSeconds: 0,
      conversions: count(m.conversion),
      costMinor: fromTikTokAmount(m.spend, currency),
      revenueMinor: 0,
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

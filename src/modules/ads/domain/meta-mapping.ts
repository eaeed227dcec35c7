import type { ChannelMetricsRow, DeliverableAd } from './channel-adapter.js';
import type { DailyMetrics } from './simulated-metrics.js';

/**
 * Pure translation between PromptAds and the Meta Marketing API (Graph API shapes). The adapter
 * (infrastructure) does the calls; what is mapped and what cannot be is documented in
 * docs/integrations.md.
 */

/**
 * Decimals of a currency's minor unit as the platform stores money (JPY 0, USD 2, CRC 2): CLDR's
 * digits, as Intl gives them and as the web app formats them. They follow ISO 4217 except where
 * CLDR drops unused decimals (COP, HUF and IDR have none here).
 */
export function minorUnitDecimals(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/**
 * The currencies of Meta's table (Marketing API, "Currency codes") whose "offset" is 1: Meta takes
 * their budgets in whole units. Every other currency's offset is 100, which is our minor unit.
 */
const wholeUnitsAtMeta = new Set([
  'CLP',
  'COP',
  'CRC',
  'HUF',
  'IDR',
  'ISK',
  'JPY',
  'KRW',
  'PYG',
  'TWD',
  'VND',
]);

/** Our minor units → the integer Meta expects in `daily_budget`/`lifetime_budget`. */
export function toMetaBudget(minor: number, currency: string): number {
  const code = currency.toUpperCase();
  // Of these, only CRC and TWD have decimals in our minor unit today (CLDR drops COP's, HUF's and
  // IDR's): dividing by their own decimals stays right whichever way CLDR goes.
  if (wholeUnitsAtMeta.has(code)) return Math.round(minor / 10 ** minorUnitDecimals(code));
  return Math.round(minor);
}

/** A decimal amount Meta reports (`spend: "12.34"`, in major units) → our minor units. */
export function fromMetaAmount(amount: string | number | undefined, currency: string): number {
  const value = typeof amount === 'number' ? amount : Number.parseFloat(amount ?? '0');
  if (!Number.isFinite(value)) return 0;
  return Math.round(value * 10 ** minorUnitDecimals(currency.toUpperCase()));
}

/** Meta's ODAX objectives (the only ones accepted for new campaigns since API v17). */
export function metaObjective(objective: string): string {
  switch (objective) {
    case 'traffic':
      return 'OUTCOME_TRAFFIC';
    case 'engagement':
      return 'OUTCOME_ENGAGEMENT';
    case 'leads':
      return 'OUTCOME_LEADS';
    case 'sales':
      return 'OUTCOME_SALES';
    default:
      return 'OUTCOME_AWARENESS';
  }
}

/** Optimisation goal of the ad set for each objective (Meta rejects mismatched pairs). */
export function metaOptimizationGoal(objective: string): string {
  switch (objective) {
    case 'traffic':
      return 'LINK_CLICKS';
    case 'engagement':
      return 'POST_ENGAGEMENT';
    case 'leads':
      return 'LEAD_GENERATION';
    case 'sales':
      return 'OFFSITE_CONVERSIONS';
    default:
      return 'REACH';
  }
}

export interface MetaTargeting {
  targeting: {
    geo_locations: { countries: string[] };
    age_min: number;
    age_max: number;
    genders?: number[];
    publisher_platforms: string[];
    /** Interests are OR-ed within one flexible spec entry. */
    flexible_spec?: { interests: MetaInterest[] }[];
  };
  /** What our targeting says that this mapping cannot express at Meta (logged, documented). */
  notExpressed: string[];
}

/** A Meta interest as its Targeting Search returns it (`type=adinterest`). */
export interface MetaInterest {
  id: string;
  name: string;
}

/**
 * Our ad set's targeting as Meta's `targeting` spec. Meta ages run 13–65 (65 means "65 and
 * over"); genders are 1 male, 2 female (no other value). Interests are sent as the Meta interests
 * its Targeting Search found for them (`interests`: our text → Meta's interest, absent when none
 * was found). Cities and languages need Meta's own keys, which are not looked up: they are
 * reported as not expressed rather than sent wrong.
 */
export function metaTargeting(
  ad: DeliverableAd,
  interests: ReadonlyMap<string, MetaInterest> = new Map(),
): MetaTargeting {
  const t = ad.adSet.targeting;
  const notExpressed: string[] = [];
  const countries = [
    ...new Set(
      t.countries.length > 0
        ? t.countries
        : ad.markets.map((market) => market.country).filter((c) => c !== ''),
    ),
  ];
  const genders = t.genders.flatMap((g) => (g === 'male' ? [1] : g === 'female' ? [2] : []));
  if (t.genders.includes('other')) notExpressed.push('gender "other"');
  if (t.ageMax > 65) notExpressed.push(`age_max ${t.ageMax} (Meta: 65 means 65+)`);
  if (t.cities.length > 0) notExpressed.push('cities (targeted as their countries)');
  if (t.languages.length > 0) notExpressed.push('languages');
  const unmatched = t.interests.filter((interest) => !interests.has(interest));
  if (unmatched.length > 0)
    notExpressed.push(`interests without a Meta match: ${unmatched.join(', ')}`);
  const matched = [
    ...new Map(
      t.interests.flatMap((interest) => {
        const found = interests.get(interest);
        return found ? [[found.id, found] as const] : [];
      }),
    ).values(),
  ];
  for (const city of t.cities) if (!countries.includes(city.country)) countries.push(city.country);
  return {
    targeting: {
      geo_locations: { countries },
      age_min: Math.max(13, Math.min(65, t.ageMin)),
      age_max: Math.max(13, Math.min(65, t.ageMax)),
      ...(genders.length === 1 ? { genders } : {}),
      publisher_platforms: [ad.channel === 'instagram' ? 'instagram' : 'facebook'],
      ...(matched.length > 0 ? { flexible_spec: [{ interests: matched }] } : {}),
    },
    notExpressed,
  };
}

/** An insights row as the Graph API returns it (`level=ad`, `time_increment=1`). */
export interface MetaInsightsRow {
  date_start: string;
  date_stop?: string;
  country?: string;
  impressions?: string;
  reach?: string;
  clicks?: string;
  spend?: string;
  actions?: { action_type: string; value: string }[];
  action_values?: { action_type: string; value: string }[];
}

const conversionActions = new Set([
  'purchase',
  'offsite_conversion.fb_pixel_purchase',
  'lead',
  'offsite_conversion.fb_pixel_lead',
  'onsite_conversion.lead_grouped',
]);
const revenueActions = new Set(['purchase', 'offsite_conversion.fb_pixel_purchase']);

const count = (value: string | undefined) => {
  const parsed = Number.parseInt(value ?? '0', 10);
  return Number.isFinite(parsed) ? parsed : 0;
};

function sumActions(
  actions: MetaInsightsRow['actions'],
  wanted: (type: string) => boolean,
): number {
  // Meta repeats a purchase under several action types (pixel and generic): take the largest.
  let best = 0;
  for (const action of actions ?? [])
    if (wanted(action.action_type)) best = Math.max(best, Number.parseFloat(action.value) || 0);
  return best;
}

/**
 * Insights rows (breakdown `country`, one per day) → our metrics per market and day. Reactions
 * are `post_reaction`, interactions `post_engagement`; exposure time is not reported by Meta
 * for non-video ads and stays 0; revenue is the purchase value Meta attributes.
 */
export function metricsFromInsights(
  rows: readonly MetaInsightsRow[],
  currency: string,
): ChannelMetricsRow[] {
  const byKey = new Map<string, ChannelMetricsRow>();
  for (const row of rows) {
    const country = (row.country ?? '').toUpperCase();
    const market = { country: country === 'UNKNOWN' ? '' : country, city: '' };
    const key = `${row.date_start}|${market.country}`;
    const metrics: DailyMetrics = {
      impressions: count(row.impressions),
      reach: count(row.reach),
      clicks: count(row.clicks),
      reactions: Math.round(sumActions(row.actions, (t) => t === 'post_reaction')),
      interactions: Math.round(sumActions(row.actions, (t) => t === 'post_engagement')),
      exposureSeconds: 0,
      conversions: Math.round(sumActions(row.actions, (t) => conversionActions.has(t))),
      costMinor: fromMetaAmount(row.spend, currency),
      revenueMinor: fromMetaAmount(
        sumActions(row.action_values, (t) => revenueActions.has(t)),
        currency,
      ),
    };
    const existing = byKey.get(key);
    if (existing)
      for (const field of Object.keys(metrics) as (keyof DailyMetrics)[])
        existing.metrics[field] += metrics[field];
    else byKey.set(key, { market, day: row.date_start, metrics });
  }
  return [...byKey.values()];
}

/**
 * The catalogue of what an analytics query may ask for: every metric with its definition, unit
 * and the permission that reads it, and every dimension. Derived metrics are ratios of sums
 * (never averages of averages), computed after grouping.
 */

/** Stored sums: one column each in `analytics.daily_facts`. */
export const baseMeasures = [
  'impressions',
  'reach',
  'clicks',
  'conversions',
  'spendMinor',
  'reactions',
  'trackedClicks',
  'trackedConversions',
  'commentsPositive',
  'commentsNeutral',
  'commentsNegative',
  'influencerReactions',
  'leads',
  'dealsWon',
  'revenueWonMinor',
] as const;
export type BaseMeasure = (typeof baseMeasures)[number];

/** Measures in minor units of a currency: summed per currency, never across currencies. */
export const moneyMeasures: ReadonlySet<BaseMeasure> = new Set(['spendMinor', 'revenueWonMinor']);

/** Who may read a metric: marketing figures, or the CRM's (sales agents read only these). */
export type MetricAudience = 'marketing' | 'sales';

export type MetricUnit = 'count' | 'currency_minor' | 'ratio' | 'currency_minor_per_unit';

interface MetricBase {
  name: string;
  label: string;
  description: string;
  unit: MetricUnit;
  audience: MetricAudience;
}

/** A sum of stored measures (e.g. clicks = channel-reported + tracked-link clicks). */
export interface SumMetric extends MetricBase {
  kind: 'sum';
  of: readonly BaseMeasure[];
}

/** numerator / denominator, each a sum of stored measures, computed after grouping. */
export interface RatioMetric extends MetricBase {
  kind: 'ratio';
  numerator: readonly BaseMeasure[];
  denominator: readonly BaseMeasure[];
}

export type MetricDefinition = SumMetric | RatioMetric;

const sum = (
  name: string,
  label: string,
  unit: MetricUnit,
  audience: MetricAudience,
  of: readonly BaseMeasure[],
  description: string,
): SumMetric => ({ kind: 'sum', name, label, unit, audience, of, description });

const ratio = (
  name: string,
  label: string,
  unit: MetricUnit,
  audience: MetricAudience,
  numerator: readonly BaseMeasure[],
  denominator: readonly BaseMeasure[],
  description: string,
): RatioMetric => ({
  kind: 'ratio',
  name,
  label,
  unit,
  audience,
  numerator,
  denominator,
  description,
});

export const metrics: readonly MetricDefinition[] = [
  sum(
    'impressions',
    'Impressions',
    'count',
    'marketing',
    ['impressions'],
    'Times ads were shown, as the channels report them.',
  ),
  sum(
    'reach',
    'Reach',
    'count',
    'marketing',
    ['reach'],
    'Sum of the daily unique people reached per ad and market as the channels report them; people reached on several days count on each.',
  ),
  sum(
    'clicks',
    'Clicks',
    'count',
    'marketing',
    ['clicks', 'trackedClicks'],
    'Channel-reported clicks plus clicks on PromptAds tracked links (as on the ads performance page).',
  ),
  sum(
    'trackedClicks',
    'Tracked clicks',
    'count',
    'marketing',
    ['trackedClicks'],
    'Clicks on PromptAds tracked links only.',
  ),
  sum(
    'conversions',
    'Conversions',
    'count',
    'marketing',
    ['conversions', 'trackedConversions'],
    'Channel-attributed conversions plus first-party signed conversions and pixel events.',
  ),
  sum(
    'trackedConversions',
    'Tracked conversions',
    'count',
    'marketing',
    ['trackedConversions'],
    'First-party conversions only (signed server events and the pixel).',
  ),
  sum(
    'spend',
    'Spend',
    'currency_minor',
    'marketing',
    ['spendMinor'],
    'Media cost the channels report, in minor units of the campaign currency; totals per currency.',
  ),
  sum(
    'reactions',
    'Reactions',
    'count',
    'marketing',
    ['reactions'],
    'Likes and other reactions to the ads, as the channels report them.',
  ),
  sum(
    'commentsPositive',
    'Positive comments',
    'count',
    'marketing',
    ['commentsPositive'],
    'Comments on the ads whose sentiment score is positive.',
  ),
  sum(
    'commentsNeutral',
    'Neutral comments',
    'count',
    'marketing',
    ['commentsNeutral'],
    'Comments on the ads whose sentiment score is neutral.',
  ),
  sum(
    'commentsNegative',
    'Negative comments',
    'count',
    'marketing',
    ['commentsNegative'],
    'Comments on the ads whose sentiment score is negative.',
  ),
  sum(
    'influencerReactions',
    'Influencer reactions',
    'count',
    'marketing',
    ['influencerReactions'],
    'Reactions to the creators’ posts of influencer ads.',
  ),
  sum(
    'leads',
    'Leads created',
    'count',
    'sales',
    ['leads'],
    'CRM contacts created (not merged into another), on the day they were created, attributed to the campaign and ad that produced them.',
  ),
  sum(
    'dealsWon',
    'Deals won',
    'count',
    'sales',
    ['dealsWon'],
    'CRM deals won, on the day they were won, attributed to the campaign of the lead that produced them.',
  ),
  sum(
    'revenueWon',
    'Revenue won',
    'currency_minor',
    'sales',
    ['revenueWonMinor'],
    'Amounts of the deals won, in minor units of each deal’s currency; totals per currency.',
  ),
  ratio(
    'ctr',
    'Click-through rate',
    'ratio',
    'marketing',
    ['clicks', 'trackedClicks'],
    ['impressions'],
    'clicks / impressions.',
  ),
  ratio(
    'conversionRate',
    'Conversion rate',
    'ratio',
    'marketing',
    ['conversions', 'trackedConversions'],
    ['clicks', 'trackedClicks'],
    'conversions / clicks.',
  ),
  ratio(
    'cpc',
    'Cost per click',
    'currency_minor_per_unit',
    'marketing',
    ['spendMinor'],
    ['clicks', 'trackedClicks'],
    'spend / clicks, per currency (clicks of that currency’s campaigns).',
  ),
  ratio(
    'cpa',
    'Cost per acquisition',
    'currency_minor_per_unit',
    'marketing',
    ['spendMinor'],
    ['conversions', 'trackedConversions'],
    'spend / conversions, per currency.',
  ),
  ratio(
    'roas',
    'Return on ad spend',
    'ratio',
    'marketing',
    ['revenueWonMinor'],
    ['spendMinor'],
    'revenue won / spend, per currency (revenue and spend in the same currency only).',
  ),
  ratio(
    'winRate',
    'Lead-to-deal rate',
    'ratio',
    'sales',
    ['dealsWon'],
    ['leads'],
    'deals won / leads created.',
  ),
];

export const metricNames = metrics.map((metric) => metric.name);
const metricsByName = new Map(metrics.map((metric) => [metric.name, metric]));

export function metricNamed(name: string): MetricDefinition | undefined {
  return metricsByName.get(name);
}

/** True when the metric's value depends on currency (money, or a ratio with money in it). */
export function isMoneyMetric(metric: MetricDefinition): boolean {
  const parts = metric.kind === 'sum' ? metric.of : [...metric.numerator, ...metric.denominator];
  return parts.some((measure) => moneyMeasures.has(measure));
}

export const dimensions = [
  { name: 'day', label: 'Day', description: 'Calendar day (UTC), YYYY-MM-DD.' },
  {
    name: 'week',
    label: 'Week',
    description: 'ISO week, as the Monday it starts on (YYYY-MM-DD).',
  },
  { name: 'month', label: 'Month', description: 'Calendar month, YYYY-MM.' },
  {
    name: 'campaign',
    label: 'Campaign',
    description: 'Campaign id; "" for leads and deals no campaign produced.',
  },
  {
    name: 'channel',
    label: 'Channel',
    description:
      'Ad channel (facebook, google_ads, …); "" where unknown (e.g. leads without an ad).',
  },
  {
    name: 'country',
    label: 'Country',
    description:
      'ISO 3166-1 alpha-2 market; "" where unknown (tracking and sentiment have no market).',
  },
  { name: 'city', label: 'City', description: 'City within the country where known, else "".' },
  {
    name: 'asset',
    label: 'Content asset',
    description: 'PromptContent asset id the ad used; "" when none.',
  },
] as const;
export type DimensionName = (typeof dimensions)[number]['name'];
export const dimensionNames = dimensions.map((dimension) => dimension.name) as DimensionName[];

/** Dimensions a filter may name (time is filtered by the date range). */
export const filterableDimensions = ['campaign', 'channel', 'country', 'city', 'asset'] as const;
export type FilterableDimension = (typeof filterableDimensions)[number];

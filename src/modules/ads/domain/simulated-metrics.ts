import { channelProfiles, type Channel } from './channels.js';
import { between, seededRandom } from '../../../platform/random/seeded-random.js';
import { reactionTrend } from './simulated-comments.js';

export type Pacing = 'standard' | 'accelerated';

export interface Market {
  country: string;
  /** '' when the ad set targets the whole country. */
  city: string;
}

export interface DailyMetrics {
  impressions: number;
  reach: number;
  clicks: number;
  reactions: number;
  interactions: number;
  exposureSeconds: number;
  conversions: number;
  costMinor: number;
  revenueMinor: number;
}

export interface SimulationInput {
  /** Usually the ad id: the same seed gives the same numbers. */
  seed: string;
  channel: Channel;
  /** YYYY-MM-DD (UTC). */
  day: string;
  dailyBudgetMinor: number;
  pacing: Pacing;
  markets: readonly Market[];
  /** Share of the day delivered so far: 1 for a past day, less for today. */
  elapsed: number;
  /** First day of delivery: reactions to a disliked ad fade from it (see reactionTrend). */
  startDate?: string;
}

/** Demand of a day relative to an average one: weekends and the December/January peaks. */
export function seasonality(day: string): number {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay();
  const month = date.getUTCMonth();
  const weekend = weekday === 0 || weekday === 6 ? 1.15 : 1;
  const monthly = month === 11 ? 1.4 : month === 0 ? 1.25 : month === 6 ? 1.1 : 1;
  return weekend * monthly;
}

/** Spend allowed by `elapsed` of the day: accelerated pacing spends early, standard evenly. */
export function pacedBudget(dailyBudgetMinor: number, pacing: Pacing, elapsed: number): number {
  const share = pacing === 'accelerated' ? Math.min(1, elapsed * 2) : elapsed;
  return Math.floor(dailyBudgetMinor * Math.max(0, Math.min(1, share)));
}

/**
 * Efficiency of spend: each extra unit buys less (saturating audience). 1 for a small spend,
 * falling towards 0 as the spend grows past the saturation point.
 */
export function diminishingReturns(spendMinor: number, saturationMinor = 250_000): number {
  if (spendMinor <= 0) return 1;
  const x = spendMinor / saturationMinor;
  return (1 - Math.exp(-x)) / x;
}

/**
 * Realistic metrics of one ad on one day in each market, as a simulated channel reports them:
 * channel-specific CTR, CPC and conversion rate (the ad's "quality" fixed by its seed), demand
 * following the season, spend never above the paced daily budget, diminishing returns in spend.
 */
export function simulateDay(input: SimulationInput): { market: Market; metrics: DailyMetrics }[] {
  const profile = channelProfiles[input.channel];
  const adRandom = seededRandom(`${input.seed}:${input.channel}`);
  const quality = adRandom();
  const ctr = between(() => quality, profile.ctr);
  const conversionRate = between(() => quality, profile.conversionRate);
  const dayRandom = seededRandom(`${input.seed}:${input.day}`);
  const demand = between(dayRandom, [0.75, 0.95]) * seasonality(input.day);
  const cap = pacedBudget(input.dailyBudgetMinor, input.pacing, input.elapsed);
  const spend = Math.min(cap, Math.floor(cap * demand));
  const markets: readonly Market[] =
    input.markets.length > 0 ? input.markets : [{ country: '', city: '' }];
  const weights = markets.map(() => between(dayRandom, [0.6, 1.4]));
  const trend = reactionTrend(input.seed, input.startDate, input.day);
  const totalWeight = weights.reduce((sum, w) => sum + w, 0);

  return markets.map((market, index) => {
    const random = seededRandom(`${input.seed}:${input.day}:${market.country}:${market.city}`);
    const costMinor = Math.floor((spend * weights[index]!) / totalWeight);
    const cpc = between(random, profile.cpcMinor) / Math.min(1.3, seasonality(input.day));
    const clicks = Math.floor((costMinor / cpc) * diminishingReturns(costMinor));
    const impressions = clicks === 0 ? Math.floor(costMinor / 2) : Math.round(clicks / ctr);
    const reach = Math.round(impressions * profile.reachRatio * between(random, [0.9, 1]));
    const reactions = Math.round(
      impressions * profile.reactionRate * between(random, [0.7, 1.3]) * trend,
    );
    const comments = Math.round(reactions * between(random, [0.03, 0.1]));
    const conversions = Math.round(clicks * conversionRate * between(random, [0.8, 1.2]));
    const orderValue = between(random, [2_500, 12_000]) * seasonality(input.day);
    return {
      market,
      metrics: {
        impressions,
        reach,
        clicks,
        reactions,
        interactions: reactions + comments + clicks,
        exposureSeconds: Math.round(impressions * profile.secondsPerImpression),
        conversions,
        costMinor,
        revenueMinor: Math.round(conversions * orderValue),
      },
    };
  });
}

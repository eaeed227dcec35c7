import { channels, type Channel } from './channels.js';
import { between, seededRandom } from '../../../platform/random/seeded-random.js';
import type { Pacing } from './simulated-metrics.js';

export interface DemoAdSet {
  channel: Channel;
  dailyBudgetMinor: number;
  pacing: Pacing;
  countries: string[];
  cities: { country: string; city: string }[];
  variants: string[];
  /**
   * The demo's showcase for the sentiment query: the seed gives this ad set's ads ids the
   * simulation receives badly (negative comments, fading influencer reactions).
   */
  disliked: boolean;
}

export interface DemoCampaign {
  index: number;
  brand: string;
  name: string;
  objective: string;
  status: 'active' | 'finished';
  startDate: string;
  endDate: string;
  budgetMinor: number;
  currency: string;
  countries: string[];
  adSets: DemoAdSet[];
}

const brands = ['Café Aurora', 'Volta Bikes', 'Selva Cosmetics', 'Pura Vida Tours', 'Norte Bank'];
const objectives = ['awareness', 'traffic', 'engagement', 'leads', 'sales'];
const markets: Record<string, string[]> = {
  CR: ['San José', 'Heredia'],
  MX: ['Ciudad de México', 'Monterrey', 'Guadalajara'],
  CO: ['Bogotá', 'Medellín'],
  US: ['Miami', 'Houston'],
  ES: ['Madrid', 'Barcelona'],
};
/** Months of July 2024 – January 2026, weighted: December and January peak, July a smaller one. */
const months = Array.from({ length: 19 }, (_, i) => {
  const date = new Date(Date.UTC(2024, 6 + i, 1));
  const month = date.getUTCMonth();
  return { date, weight: month === 11 || month === 0 ? 3 : month === 6 ? 2 : 1 };
});
const totalWeight = months.reduce((sum, m) => sum + m.weight, 0);

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

function pickMonth(random: () => number): Date {
  let roll = random() * totalWeight;
  for (const month of months) {
    roll -= month.weight;
    if (roll <= 0) return month.date;
  }
  return months.at(-1)!.date;
}

/**
 * Deterministic demo campaigns: 30 % active (running around `today`), 70 % finished between July
 * 2024 and January 2026 with December, January and July peaks; each with 2–3 channels, 1–2
 * markets and A/B variants.
 */
export function demoCampaignPlan(count: number, today: Date): DemoCampaign[] {
  const random = seededRandom('promptads-demo');
  return Array.from({ length: count }, (_, index) => {
    const active = index % 10 < 3;
    const duration = Math.round(between(random, [7, 28]));
    let start: Date;
    let end: Date;
    // Every tenth campaign running today has an influencer post the audience turned against,
    // started early enough for two full weeks of comparison.
    const showcase = active && index % 10 === 0;
    if (active) {
      start = addDays(today, -Math.round(between(random, [3, 20])) - (showcase ? 16 : 0));
      end = addDays(today, Math.round(between(random, [10, 40])));
    } else {
      start = addDays(pickMonth(random), Math.floor(random() * 28));
      end = addDays(start, duration);
      const last = new Date(Date.UTC(2026, 0, 31));
      if (end > last) end = last;
      if (start > end) start = addDays(end, -7);
    }
    const countryPool = Object.keys(markets);
    const countries = [pick(random, countryPool)];
    if (random() < 0.5) {
      const second = pick(random, countryPool);
      if (!countries.includes(second)) countries.push(second);
    }
    const channelCount = 2 + Math.floor(random() * 2);
    const chosen: Channel[] = [];
    while (chosen.length < channelCount) {
      const channel = pick(random, channels);
      if (!chosen.includes(channel)) chosen.push(channel);
    }
    if (showcase && !chosen.includes('influencer')) chosen[0] = 'influencer';
    const adSets = chosen.map((channel) => {
      const withCities = random() < 0.4;
      return {
        channel,
        dailyBudgetMinor: Math.round(between(random, [20_000, 150_000]) / 100) * 100,
        pacing: (random() < 0.7 ? 'standard' : 'accelerated') as Pacing,
        countries: withCities ? [] : countries,
        cities: withCities
          ? countries.map((country) => ({ country, city: pick(random, markets[country]!) }))
          : [],
        variants: random() < 0.8 ? ['A', 'B'] : ['A'],
        disliked: showcase && channel === 'influencer',
      };
    });
    const days = Math.round((end.getTime() - start.getTime()) / 86_400_000) + 1;
    const brand = pick(random, brands);
    return {
      index,
      brand,
      name: `${brand} ${start.toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${start.getUTCFullYear()} #${index + 1}`,
      objective: pick(random, objectives),
      status: active ? 'active' : 'finished',
      startDate: day(start),
      endDate: day(end),
      budgetMinor: adSets.reduce((sum, set) => sum + set.dailyBudgetMinor, 0) * days,
      currency: 'USD',
      countries,
      adSets,
    };
  });
}

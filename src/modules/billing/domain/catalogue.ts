/**
 * The price list, as versioned code: plans per sub-platform (PromptContent, PromptAds, PromptCRM)
 * and the PromptSales bundle across them, each in three tiers. Changing a price or a quota means a
 * new `catalogueVersion`; a subscription keeps the version it was bought under in its row.
 */
export const catalogueVersion = '2026-12-01';

export const products = ['promptcontent', 'promptads', 'promptcrm', 'promptsales'] as const;
export type Product = (typeof products)[number];

export const tiers = ['starter', 'growth', 'enterprise'] as const;
export type Tier = (typeof tiers)[number];

export const currencies = ['USD', 'EUR'] as const;
export type Currency = (typeof currencies)[number];

export const intervals = ['month', 'year'] as const;
export type Interval = (typeof intervals)[number];

/**
 * What a plan limits. `per_period` quotas count what happened in the billing period (reset at
 * renewal); the others count what exists now.
 */
export const quotas = [
  'seats',
  'campaign_requests',
  'active_campaigns',
  'ai_generations',
  'media_storage_mb',
  'crm_contacts',
  'messages',
] as const;
export type Quota = (typeof quotas)[number];

export const perPeriodQuotas: ReadonlySet<Quota> = new Set([
  'campaign_requests',
  'ai_generations',
  'messages',
]);

export const features = [
  'content_generation',
  'media_library',
  'brand_kits',
  'ad_campaigns',
  'campaign_requests',
  'crm',
  'crm_automations',
  'lead_scoring',
  'sso',
  'priority_support',
] as const;
export type Feature = (typeof features)[number];

/** How a 402 names a feature in its message. */
export const featureNames: Record<Feature, string> = {
  content_generation: 'content generation',
  media_library: 'the media library',
  brand_kits: 'brand kits',
  ad_campaigns: 'ad campaigns',
  campaign_requests: 'campaign requests',
  crm: 'the CRM',
  crm_automations: 'CRM automations',
  lead_scoring: 'lead scoring',
  sso: 'single sign-on',
  priority_support: 'priority support',
};

export interface Plan {
  /** `<product>-<tier>`, e.g. `promptsales-growth`. */
  id: string;
  product: Product;
  tier: Tier;
  name: string;
  /** Minor units per interval and currency; a yearly price is about ten months of the monthly. */
  prices: Record<Interval, Record<Currency, number>>;
  /** Price of each seat beyond the included ones, per interval (minor units). */
  extraSeatPrices: Record<Interval, Record<Currency, number>>;
  trialDays: number;
  features: readonly Feature[];
  /** A limit per quota; 0 means the plan does not include it. */
  quotas: Record<Quota, number>;
}

const money = (usd: number, eur: number) => ({ USD: usd, EUR: eur });
const pricing = (monthlyUsd: number, monthlyEur: number) => ({
  month: money(monthlyUsd, monthlyEur),
  year: money(monthlyUsd * 10, monthlyEur * 10),
});

const none: Record<Quota, number> = {
  seats: 0,
  campaign_requests: 0,
  active_campaigns: 0,
  ai_generations: 0,
  media_storage_mb: 0,
  crm_contacts: 0,
  messages: 0,
};

function plan(
  product: Product,
  tier: Tier,
  label: string,
  price: [number, number],
  seatPrice: [number, number],
  features: readonly Feature[],
  granted: Partial<Record<Quota, number>>,
): Plan {
  return {
    id: `${product}-${tier}`,
    product,
    tier,
    name: `${label} ${tier[0]!.toUpperCase()}${tier.slice(1)}`,
    prices: pricing(...price),
    extraSeatPrices: pricing(...seatPrice),
    trialDays: 14,
    features,
    quotas: { ...none, ...granted },
  };
}

const contentFeatures: Feature[] = ['content_generation', 'media_library', 'brand_kits'];
const adsFeatures: Feature[] = ['ad_campaigns', 'campaign_requests'];
const crmFeatures: Feature[] = ['crm', 'crm_automations', 'lead_scoring'];
const top: Feature[] = ['sso', 'priority_support'];

export const plans: readonly Plan[] = [
  plan('promptcontent', 'starter', 'PromptContent', [2_900, 2_700], [900, 900], contentFeatures, {
    seats: 3,
    ai_generations: 300,
    media_storage_mb: 5_000,
  }),
  plan(
    'promptcontent',
    'growth',
    'PromptContent',
    [9_900, 9_200],
    [1_500, 1_400],
    contentFeatures,
    {
      seats: 10,
      ai_generations: 3_000,
      media_storage_mb: 50_000,
    },
  ),
  plan(
    'promptcontent',
    'enterprise',
    'PromptContent',
    [39_900, 37_000],
    [2_500, 2_300],
    [...contentFeatures, ...top],
    { seats: 50, ai_generations: 50_000, media_storage_mb: 1_000_000 },
  ),
  plan('promptads', 'starter', 'PromptAds', [4_900, 4_500], [900, 900], adsFeatures, {
    seats: 3,
    campaign_requests: 20,
    active_campaigns: 5,
    ai_generations: 100,
  }),
  plan('promptads', 'growth', 'PromptAds', [14_900, 13_800], [1_500, 1_400], adsFeatures, {
    seats: 10,
    campaign_requests: 500,
    active_campaigns: 50,
    ai_generations: 1_000,
  }),
  plan(
    'promptads',
    'enterprise',
    'PromptAds',
    [59_900, 55_500],
    [2_500, 2_300],
    [...adsFeatures, ...top],
    { seats: 50, campaign_requests: 1_000_000, active_campaigns: 100_000, ai_generations: 20_000 },
  ),
  plan('promptcrm', 'starter', 'PromptCRM', [2_900, 2_700], [900, 900], crmFeatures, {
    seats: 3,
    crm_contacts: 1_000,
    messages: 2_000,
  }),
  plan('promptcrm', 'growth', 'PromptCRM', [9_900, 9_200], [1_500, 1_400], crmFeatures, {
    seats: 10,
    crm_contacts: 25_000,
    messages: 50_000,
    ai_generations: 500,
  }),
  plan(
    'promptcrm',
    'enterprise',
    'PromptCRM',
    [39_900, 37_000],
    [2_500, 2_300],
    [...crmFeatures, ...top],
    { seats: 50, crm_contacts: 5_000_000, messages: 2_000_000, ai_generations: 10_000 },
  ),
  plan(
    'promptsales',
    'starter',
    'PromptSales',
    [8_900, 8_200],
    [900, 900],
    [...contentFeatures, ...adsFeatures, ...crmFeatures],
    {
      seats: 5,
      campaign_requests: 50,
      active_campaigns: 10,
      ai_generations: 500,
      media_storage_mb: 10_000,
      crm_contacts: 2_500,
      messages: 5_000,
    },
  ),
  plan(
    'promptsales',
    'growth',
    'PromptSales',
    [29_900, 27_700],
    [1_500, 1_400],
    [...contentFeatures, ...adsFeatures, ...crmFeatures],
    {
      seats: 20,
      campaign_requests: 1_000,
      active_campaigns: 100,
      ai_generations: 5_000,
      media_storage_mb: 100_000,
      crm_contacts: 50_000,
      messages: 100_000,
    },
  ),
  plan(
    'promptsales',
    'enterprise',
    'PromptSales',
    [99_900, 92_500],
    [2_500, 2_300],
    [...contentFeatures, ...adsFeatures, ...crmFeatures, ...top],
    {
      seats: 1_000,
      campaign_requests: 5_000_000,
      active_campaigns: 1_000_000,
      ai_generations: 1_000_000,
      media_storage_mb: 10_000_000,
      crm_contacts: 10_000_000,
      messages: 10_000_000,
    },
  ),
];

/**
 * Where every organisation starts (sign-ups and those that predate billing): a trial of the
 * bundle's top tier, so nothing that worked before billing existed stops working during it.
 */
export const trialPlanId = 'promptsales-enterprise';

export function findPlan(id: string): Plan | undefined {
  return plans.find((candidate) => candidate.id === id);
}

const tierRank: Record<Tier, number> = { starter: 0, growth: 1, enterprise: 2 };

/**
 * The cheapest plan (by monthly USD price) that grants more of `quota` than `current` does: the
 * upgrade path a 402 names. Plans of the same product come first; undefined when none has more.
 */
export function upgradePathFor(current: Plan, quota: Quota, needed: number): Plan | undefined {
  const candidates = plans.filter(
    (candidate) => candidate.id !== current.id && candidate.quotas[quota] >= needed,
  );
  const byPrice = (a: Plan, b: Plan) => a.prices.month.USD - b.prices.month.USD;
  const sameProduct = candidates
    .filter((c) => c.product === current.product && tierRank[c.tier] > tierRank[current.tier])
    .sort(byPrice);
  return sameProduct[0] ?? candidates.sort(byPrice)[0];
}

/**
 * The cheapest plan (by monthly USD price) that includes `feature`, the upgrade path a
 * `feature_not_in_plan` names: a higher tier of the same product first (SSO, priority support),
 * else any product's (e.g. PromptCRM Starter for CRM automations on a PromptAds plan).
 */
export function upgradePathForFeature(current: Plan, feature: Feature): Plan | undefined {
  const byPrice = (a: Plan, b: Plan) => a.prices.month.USD - b.prices.month.USD;
  const candidates = plans.filter(
    (candidate) => candidate.id !== current.id && candidate.features.includes(feature),
  );
  const sameProduct = candidates
    .filter((c) => c.product === current.product && tierRank[c.tier] > tierRank[current.tier])
    .sort(byPrice);
  return sameProduct[0] ?? candidates.sort(byPrice)[0];
}

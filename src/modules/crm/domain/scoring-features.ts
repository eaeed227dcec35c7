/**
 * What the intent score looks at, per contact: FIT (does the person match what the organisation
 * sells and to whom) and ENGAGEMENT (what the person has done). Counts enter as log1p so one very
 * chatty contact does not dominate the fit; recency as a 0..1 decay.
 */

export const messageChannels = ['email', 'whatsapp', 'sms', 'voice', 'chat'] as const;
export type MessageChannel = (typeof messageChannels)[number];

export interface ContactSignals {
  /** The contact's country is one the organisation sells in (or has won deals in). */
  countryMatch: boolean;
  /** The contact's age is within the organisation's target range. */
  ageMatch: boolean;
  /** The contact's company size is one the organisation has sold to. */
  companySizeMatch: boolean;
  /** The contact's stated or company budget reaches the organisation's typical deal amount. */
  budgetMatch: boolean;
  /** Share (0..1) of the contact's interests that name one of the organisation's products. */
  interestOverlap: number;
  interactions: Partial<Record<MessageChannel, { inbound: number; outbound: number }>>;
  /** Days since the last interaction of any kind; null when there was none. */
  daysSinceLastInteraction: number | null;
  clicks: number;
  conversions: number;
  formSubmissions: number;
}

export const featureNames: string[] = [
  'fit.country_match',
  'fit.age_match',
  'fit.company_size_match',
  'fit.budget_match',
  'fit.interest_overlap',
  ...messageChannels.flatMap((channel) => [
    `engagement.${channel}_inbound`,
    `engagement.${channel}_outbound`,
  ]),
  'engagement.recency',
  'engagement.clicks',
  'engagement.conversions',
  'engagement.form_submissions',
];

/** Half-life of recency: an interaction 30 days ago counts half as much as one today. */
const recencyHalfLifeDays = 30;

export function recency(days: number | null): number {
  if (days === null) return 0;
  return 0.5 ** (Math.max(0, days) / recencyHalfLifeDays);
}

export function featureVector(signals: ContactSignals): number[] {
  const flag = (value: boolean) => (value ? 1 : 0);
  return [
    flag(signals.countryMatch),
    flag(signals.ageMatch),
    flag(signals.companySizeMatch),
    flag(signals.budgetMatch),
    Math.min(1, Math.max(0, signals.interestOverlap)),
    ...messageChannels.flatMap((channel) => {
      const counts = signals.interactions[channel] ?? { inbound: 0, outbound: 0 };
      return [Math.log1p(counts.inbound), Math.log1p(counts.outbound)];
    }),
    recency(signals.daysSinceLastInteraction),
    Math.log1p(signals.clicks),
    Math.log1p(signals.conversions),
    Math.log1p(signals.formSubmissions),
  ];
}

/**
 * Points per feature when the organisation has too little won/lost history for a model: fit
 * counts for up to 40, engagement for up to 60, and the sum is squashed into 0..100.
 */
const rulePoints: Record<string, number> = {
  'fit.country_match': 10,
  'fit.age_match': 8,
  'fit.company_size_match': 6,
  'fit.budget_match': 8,
  'fit.interest_overlap': 8,
  'engagement.email_inbound': 6,
  'engagement.whatsapp_inbound': 8,
  'engagement.sms_inbound': 5,
  'engagement.voice_inbound': 8,
  'engagement.chat_inbound': 6,
  'engagement.email_outbound': 1,
  'engagement.whatsapp_outbound': 1,
  'engagement.sms_outbound': 1,
  'engagement.voice_outbound': 1,
  'engagement.chat_outbound': 1,
  'engagement.recency': 10,
  'engagement.clicks': 5,
  'engagement.conversions': 14,
  'engagement.form_submissions': 10,
};

export interface RuleScore {
  /** 0..100 */
  score: number;
  contributions: { feature: string; value: number; contribution: number }[];
}

export function ruleScore(features: readonly number[]): RuleScore {
  const contributions = featureNames.map((feature, index) => {
    const value = features[index] ?? 0;
    // log1p counts saturate: three inbound messages earn almost all the points.
    const strength =
      feature.startsWith('engagement.') && feature !== 'engagement.recency'
        ? Math.min(1, value / Math.log1p(3))
        : value;
    return { feature, value, contribution: (rulePoints[feature] ?? 0) * strength };
  });
  const total = contributions.reduce((sum, item) => sum + item.contribution, 0);
  return { score: Math.round(Math.min(100, total)), contributions };
}

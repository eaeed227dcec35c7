/** Channel types PromptAds delivers to; each has an adapter (simulated without credentials). */
export const channels = [
  'facebook',
  'instagram',
  'tiktok',
  'linkedin',
  'x',
  'google_ads',
  'email',
  'sms',
  'whatsapp',
  'influencer',
] as const;
export type Channel = (typeof channels)[number];

export type ChannelKind = 'social' | 'search' | 'email' | 'messaging' | 'influencer';

export interface ChannelProfile {
  channel: Channel;
  kind: ChannelKind;
  label: string;
  /** Click-through rate range (clicks / impressions). */
  ctr: readonly [number, number];
  /** Cost per click range, in minor units of the budget's currency. */
  cpcMinor: readonly [number, number];
  /** Conversion rate range (conversions / clicks). */
  conversionRate: readonly [number, number];
  /** Share of impressions that are unique people. */
  reachRatio: number;
  /** Reactions (likes…) per impression; 0 for channels without them. */
  reactionRate: number;
  /** Seconds of attention per impression (exposure hours add these up). */
  secondsPerImpression: number;
}

const profile = (p: ChannelProfile) => p;

export const channelProfiles: Record<Channel, ChannelProfile> = {
  facebook: profile({
    channel: 'facebook',
    kind: 'social',
    label: 'Facebook',
    ctr: [0.009, 0.016],
    cpcMinor: [40, 120],
    conversionRate: [0.02, 0.06],
    reachRatio: 0.62,
    reactionRate: 0.012,
    secondsPerImpression: 2.5,
  }),
  instagram: profile({
    channel: 'instagram',
    kind: 'social',
    label: 'Instagram',
    ctr: [0.006, 0.012],
    cpcMinor: [50, 150],
    conversionRate: [0.015, 0.05],
    reachRatio: 0.58,
    reactionRate: 0.025,
    secondsPerImpression: 3,
  }),
  tiktok: profile({
    channel: 'tiktok',
    kind: 'social',
    label: 'TikTok',
    ctr: [0.008, 0.02],
    cpcMinor: [20, 90],
    conversionRate: [0.01, 0.04],
    reachRatio: 0.7,
    reactionRate: 0.04,
    secondsPerImpression: 6,
  }),
  linkedin: profile({
    channel: 'linkedin',
    kind: 'social',
    label: 'LinkedIn',
    ctr: [0.004, 0.009],
    cpcMinor: [300, 900],
    conversionRate: [0.03, 0.09],
    reachRatio: 0.55,
    reactionRate: 0.006,
    secondsPerImpression: 2,
  }),
  x: profile({
    channel: 'x',
    kind: 'social',
    label: 'X',
    ctr: [0.005, 0.012],
    cpcMinor: [30, 120],
    conversionRate: [0.008, 0.03],
    reachRatio: 0.6,
    reactionRate: 0.01,
    secondsPerImpression: 1.5,
  }),
  google_ads: profile({
    channel: 'google_ads',
    kind: 'search',
    label: 'Google Ads',
    ctr: [0.03, 0.07],
    cpcMinor: [80, 350],
    conversionRate: [0.03, 0.08],
    reachRatio: 0.8,
    reactionRate: 0,
    secondsPerImpression: 1,
  }),
  email: profile({
    channel: 'email',
    kind: 'email',
    label: 'Email (Mailchimp)',
    ctr: [0.02, 0.04],
    cpcMinor: [5, 20],
    conversionRate: [0.02, 0.05],
    reachRatio: 0.95,
    reactionRate: 0,
    secondsPerImpression: 8,
  }),
  sms: profile({
    channel: 'sms',
    kind: 'messaging',
    label: 'SMS',
    ctr: [0.03, 0.08],
    cpcMinor: [10, 40],
    conversionRate: [0.02, 0.06],
    reachRatio: 0.97,
    reactionRate: 0,
    secondsPerImpression: 4,
  }),
  whatsapp: profile({
    channel: 'whatsapp',
    kind: 'messaging',
    label: 'WhatsApp',
    ctr: [0.05, 0.12],
    cpcMinor: [10, 50],
    conversionRate: [0.03, 0.08],
    reachRatio: 0.97,
    reactionRate: 0.005,
    secondsPerImpression: 5,
  }),
  influencer: profile({
    channel: 'influencer',
    kind: 'influencer',
    label: 'Influencer',
    ctr: [0.01, 0.03],
    cpcMinor: [60, 250],
    conversionRate: [0.01, 0.04],
    reachRatio: 0.5,
    reactionRate: 0.06,
    secondsPerImpression: 10,
  }),
};

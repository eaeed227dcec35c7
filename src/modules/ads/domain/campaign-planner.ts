import { channelProfiles, type Channel } from './channels.js';

export type PlannerObjective = 'awareness' | 'traffic' | 'engagement' | 'leads' | 'sales';

/** Which channels fit an objective, best first (the mix the proposal starts from). */
export const channelMix: Record<PlannerObjective, readonly Channel[]> = {
  awareness: ['tiktok', 'instagram', 'facebook', 'influencer'],
  traffic: ['google_ads', 'facebook', 'x'],
  engagement: ['tiktok', 'instagram', 'influencer'],
  leads: ['google_ads', 'linkedin', 'facebook', 'email'],
  sales: ['google_ads', 'instagram', 'facebook', 'whatsapp'],
};

export interface PlannerInput {
  brand: string;
  objective: PlannerObjective;
  /** The sales goal: revenue to reach over the campaign, minor units. */
  goalRevenueMinor: number;
  currency: string;
  countries: string[];
  startDate: string;
  endDate: string;
  /** Average order value in minor units (default 6,000). */
  averageOrderMinor?: number;
}

export interface ChannelEstimate {
  channel: Channel;
  /** Expected revenue per unit of spend at the channel's typical rates. */
  expectedRoas: number;
  budgetMinor: number;
  dailyBudgetMinor: number;
  expectedRevenueMinor: number;
}

export interface CampaignProposal {
  days: number;
  totalBudgetMinor: number;
  channels: ChannelEstimate[];
}

const mid = ([low, high]: readonly [number, number]) => (low + high) / 2;

/** Expected revenue per unit of spend: conversions per click × order value ÷ cost per click. */
export function expectedRoas(channel: Channel, averageOrderMinor: number): number {
  const p = channelProfiles[channel];
  return (mid(p.conversionRate) * averageOrderMinor) / mid(p.cpcMinor);
}

/**
 * A proposed channel mix, budget and split for a sales goal: budget shares follow each channel's
 * expected return (no channel above half), and the total is what the goal needs at those returns
 * with a 25 % margin for diminishing returns. A proposal only: it becomes a draft to approve.
 */
export function proposeCampaign(input: PlannerInput): CampaignProposal {
  const order = input.averageOrderMinor ?? 6_000;
  const days =
    Math.round((Date.parse(input.endDate) - Date.parse(input.startDate)) / 86_400_000) + 1;
  const mix = channelMix[input.objective];
  const roas = mix.map((channel) => expectedRoas(channel, order));
  const rawShares = roas.map((r) => r / roas.reduce((sum, x) => sum + x, 0));
  // Cap each share at 50 % and hand the excess to the others in proportion.
  const shares = [...rawShares];
  for (let round = 0; round < 3; round++) {
    const excess = shares.reduce((sum, s) => sum + Math.max(0, s - 0.5), 0);
    if (excess <= 1e-9) break;
    const under = shares.reduce((sum, s) => sum + (s < 0.5 ? s : 0), 0);
    for (let i = 0; i < shares.length; i++)
      shares[i] = shares[i]! > 0.5 ? 0.5 : shares[i]! + (excess * shares[i]!) / under;
  }
  const blendedRoas = shares.reduce((sum, s, i) => sum + s * roas[i]!, 0);
  const total = Math.ceil((input.goalRevenueMinor / blendedRoas) * 1.25);
  const channels = mix.map((channel, i) => {
    const dailyBudgetMinor = Math.max(100, Math.floor((total * shares[i]!) / days));
    const budgetMinor = dailyBudgetMinor * days;
    return {
      channel,
      expectedRoas: Number(roas[i]!.toFixed(3)),
      budgetMinor,
      dailyBudgetMinor,
      expectedRevenueMinor: Math.round((budgetMinor / 1.25) * roas[i]!),
    };
  });
  return {
    days,
    totalBudgetMinor: channels.reduce((sum, c) => sum + c.budgetMinor, 0),
    channels,
  };
}

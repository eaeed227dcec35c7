import type { Language } from '../../../platform/i18n/locale.js';
import type { CampaignPlan } from '../../ads/index.js';
import type { ContentBrief } from '../../content/index.js';
import {
  contentChannelOf,
  type Audience,
  type DraftItem,
  type Objective,
} from '../domain/campaign-request.js';
import { daysBetween } from '../domain/proposal.js';
import type { CampaignRequestRow } from '../infrastructure/campaign-requests.repository.js';

/** A campaign request once validated (and completed from its strategy). */
export interface CampaignRequestInput {
  name: string;
  objective: Objective;
  product: string;
  messages: string[];
  audiences: Audience[];
  channels: string[];
  budget: { amount: number; currency: string };
  startsAt: string;
  endsAt: string;
  language: Language;
  strategyId?: string;
  brand?: string;
}

/** The request's brief as the use cases read it from its row. */
export function inputOfRow(row: CampaignRequestRow): CampaignRequestInput {
  return {
    name: row.name,
    objective: row.objective as Objective,
    product: row.product,
    messages: row.messages,
    audiences: row.audiences,
    channels: row.channels,
    budget: { amount: row.budgetMinor, currency: row.currency },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    language: row.language as Language,
    strategyId: row.strategyId ?? undefined,
  };
}

const callToAction: Record<Objective, string> = {
  leads: 'Sign up',
  sales: 'Shop now',
  awareness: 'Learn more',
};

/**
 * The draft campaign the request starts with: one ad set per audience and channel, budget
 * split evenly (the planning job proposes the real split), two variants from the messages.
 * People see and change it only through the proposal.
 */
export function draftPlan(
  input: CampaignRequestInput,
  segmentIdOfAudience: (index: number) => string | null,
): CampaignPlan {
  const days = daysBetween(input.startsAt, input.endsAt);
  const sets = input.audiences.length * input.channels.length;
  const daily = Math.max(1, Math.floor(input.budget.amount / sets / days));
  const [first, second = first] = input.messages;
  const countries = [...new Set(input.audiences.flatMap((a) => a.countries))];
  return {
    brand: input.brand ?? input.product,
    name: input.name,
    objective: input.objective,
    countries,
    budget: { amountMinor: input.budget.amount, currency: input.budget.currency },
    startDate: input.startsAt,
    endDate: input.endsAt,
    adSets: input.audiences.flatMap((audience, index) =>
      input.channels.map((channel) => ({
        name: `${audience.name} · ${channel}`,
        channel: channel as CampaignPlan['adSets'][number]['channel'],
        dailyBudgetMinor: daily,
        targeting: {
          ageMin: audience.ageMin,
          ageMax: audience.ageMax,
          countries: audience.countries,
          interests: audience.interests,
          languages: [input.language],
        },
        crmSegmentId: segmentIdOfAudience(index),
        ads: [first!, second!].map((message, i) => ({
          variant: i === 0 ? 'A' : 'B',
          headline: message.slice(0, 300),
          body: `${input.product}: ${message}`.slice(0, 5000),
          callToAction: callToAction[input.objective],
        })),
      })),
    ),
  };
}

/**
 * The content the request asks PromptContent for: a banner per distinct content channel (at most
 * three), and a video script for an awareness campaign.
 */
export function contentBriefs(input: CampaignRequestInput, requestId: string): ContentBrief[] {
  const channels = [...new Set(input.channels.map((c) => contentChannelOf[c] ?? 'web'))].slice(
    0,
    3,
  );
  const common = {
    subject: input.product,
    audience: input.audiences
      .map((a) => a.name)
      .join(', ')
      .slice(0, 200),
    language: input.language,
    benefits: input.messages.slice(0, 8).map((m) => m.slice(0, 200)),
    callToAction: callToAction[input.objective],
    campaignReference: requestId,
    variants: 1,
  };
  const briefs: ContentBrief[] = channels.map((channel) => ({
    ...common,
    type: 'image',
    channel: channel as ContentBrief['channel'],
  }));
  if (input.objective === 'awareness')
    briefs.push({ ...common, type: 'video', channel: briefs[0]!.channel });
  return briefs;
}

/** Which created ad set is which audience and channel (PromptAds returns ids in plan order). */
export function draftItems(
  input: CampaignRequestInput,
  plan: CampaignPlan,
  created: { adSetIds: string[]; adIds: string[] },
): DraftItem[] {
  let ad = 0;
  return plan.adSets.map((set, index) => {
    const adIds = created.adIds.slice(ad, ad + set.ads.length);
    ad += set.ads.length;
    return {
      adSetId: created.adSetIds[index]!,
      audience: Math.floor(index / input.channels.length),
      channel: set.channel,
      adIds,
    };
  });
}

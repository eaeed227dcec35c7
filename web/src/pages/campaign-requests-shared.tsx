/** The campaign request resource (camelCase: the fixed contract, ADR 0007). */
export interface ProposedAdSet {
  adSetId: string;
  name: string;
  channel: string;
  audience: string;
  share: number;
  budgetMinor: number;
  dailyBudgetMinor: number;
}

export interface ProposedVariant {
  adId: string;
  adSetId: string;
  channel: string;
  variant: string;
  headline: string;
  body: string;
  callToAction: string;
  hashtags: string[];
  contentAssetId: string | null;
}

export interface CampaignRequest {
  id: string;
  status: string;
  name: string;
  objective: string;
  product: string;
  messages: string[];
  channels: string[];
  budget: { amount: number; currency: string };
  startsAt: string;
  endsAt: string;
  /** Null until planning has drafted the PromptAds campaign. */
  campaignId: string | null;
  failureReason: string | null;
  planning: { stage: string | null; attempts: number };
  proposal: {
    provider: string;
    model: string;
    channelMix: { channel: string; share: number; expectedRoas: number }[];
    audienceSegments: { segmentId: string; name: string; memberCount: number }[];
    adSets: ProposedAdSet[];
    contentVariants: ProposedVariant[];
    timing: { days: number; pacing: string };
    suggestions: string[];
  } | null;
  decision: {
    verdict: string;
    comment: string | null;
    by: string | null;
    at: string | null;
    adSets: Record<string, { decision: string; comment: string | null }>;
    contentVariants: Record<string, { decision: string; comment: string | null }>;
  } | null;
  createdAt: string;
}

export interface AgendaTask {
  id: string;
  request_id: string;
  kind: string;
  title: string;
  automated: boolean;
  due_at: string;
  status: string;
}

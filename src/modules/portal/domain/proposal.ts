/** What the planning job proposes; people approve or reject it whole or item by item. */
export interface ProposedAdSet {
  adSetId: string;
  name: string;
  channel: string;
  audience: string;
  /** Share of the total budget, 0–1. */
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
  /** A PromptContent asset (banner, video) generated for the request, when one is ready. */
  contentAssetId: string | null;
}

export interface Proposal {
  generatedAt: string;
  provider: string;
  model: string;
  channelMix: { channel: string; share: number; expectedRoas: number }[];
  /** The PromptCRM segments of the audiences: contacts already known and reachable. */
  audienceSegments: { segmentId: string; name: string; memberCount: number }[];
  adSets: ProposedAdSet[];
  contentVariants: ProposedVariant[];
  timing: { startsAt: string; endsAt: string; days: number; pacing: 'standard' | 'accelerated' };
  suggestions: string[];
  /** Planning time on the server, excluding the AI provider's own time. */
  serverMs: number;
  providerMs: number;
}

export type Verdict = 'approved' | 'rejected';

export interface ItemDecision {
  decision: Verdict;
  comment: string | null;
}

export interface Decisions {
  verdict: Verdict;
  comment: string | null;
  adSets: Record<string, ItemDecision>;
  contentVariants: Record<string, ItemDecision>;
}

export interface ItemInput {
  id: string;
  decision: Verdict;
  comment?: string;
}

export type DecisionError =
  { kind: 'unknown_item'; field: string; id: string } | { kind: 'nothing_left'; message: string };

/**
 * Approves a proposal, with per-item decisions where given (items not named are approved).
 * What remains must still be a campaign: at least one ad set with at least one variant.
 */
export function decideApproval(
  proposal: Proposal,
  input: { comment?: string; adSets?: ItemInput[]; contentVariants?: ItemInput[] },
): { ok: true; decisions: Decisions } | { ok: false; error: DecisionError } {
  const adSetIds = new Set(proposal.adSets.map((s) => s.adSetId));
  const variantIds = new Set(proposal.contentVariants.map((v) => v.adId));
  const adSets: Record<string, ItemDecision> = {};
  const contentVariants: Record<string, ItemDecision> = {};
  for (const [index, item] of (input.adSets ?? []).entries()) {
    if (!adSetIds.has(item.id))
      return {
        ok: false,
        error: { kind: 'unknown_item', field: `adSets.${index}.id`, id: item.id },
      };
    adSets[item.id] = { decision: item.decision, comment: item.comment ?? null };
  }
  for (const [index, item] of (input.contentVariants ?? []).entries()) {
    if (!variantIds.has(item.id))
      return {
        ok: false,
        error: { kind: 'unknown_item', field: `contentVariants.${index}.id`, id: item.id },
      };
    contentVariants[item.id] = { decision: item.decision, comment: item.comment ?? null };
  }
  for (const set of proposal.adSets)
    adSets[set.adSetId] ??= { decision: 'approved', comment: null };
  for (const v of proposal.contentVariants)
    contentVariants[v.adId] ??= { decision: 'approved', comment: null };
  const decisions: Decisions = {
    verdict: 'approved',
    comment: input.comment ?? null,
    adSets,
    contentVariants,
  };
  const kept = approvedItems(proposal, decisions);
  if (kept.adSets.length === 0)
    return {
      ok: false,
      error: {
        kind: 'nothing_left',
        message: 'Every ad set was rejected: reject the request instead',
      },
    };
  const empty = kept.adSets.find((s) => !kept.variants.some((v) => v.adSetId === s.adSetId));
  if (empty)
    return {
      ok: false,
      error: {
        kind: 'nothing_left',
        message: `Ad set "${empty.name}" would have no approved content variant`,
      },
    };
  return { ok: true, decisions };
}

/** The ad sets and variants that survive the decisions (a variant dies with its ad set). */
export function approvedItems(proposal: Proposal, decisions: Decisions) {
  const adSets = proposal.adSets.filter(
    (s) => decisions.adSets[s.adSetId]?.decision !== 'rejected',
  );
  const keptSets = new Set(adSets.map((s) => s.adSetId));
  const variants = proposal.contentVariants.filter(
    (v) => keptSets.has(v.adSetId) && decisions.contentVariants[v.adId]?.decision !== 'rejected',
  );
  return { adSets, variants };
}

/**
 * Splits a budget over channels in proportion to their expected return, no channel above half
 * when there are three or more (so one optimistic estimate cannot take everything).
 */
export function splitBudget(
  channels: { channel: string; expectedRoas: number }[],
): { channel: string; share: number; expectedRoas: number }[] {
  const total = channels.reduce((sum, c) => sum + c.expectedRoas, 0);
  const shares = channels.map((c) => (total > 0 ? c.expectedRoas / total : 1 / channels.length));
  const cap = channels.length >= 3 ? 0.5 : 1;
  for (let round = 0; round < 3; round++) {
    const excess = shares.reduce((sum, s) => sum + Math.max(0, s - cap), 0);
    if (excess <= 1e-9) break;
    const under = shares.reduce((sum, s) => sum + (s < cap ? s : 0), 0);
    for (let i = 0; i < shares.length; i++)
      shares[i] = shares[i]! > cap ? cap : shares[i]! + (excess * shares[i]!) / under;
  }
  return channels.map((c, i) => ({
    channel: c.channel,
    share: Number(shares[i]!.toFixed(4)),
    expectedRoas: c.expectedRoas,
  }));
}

export function daysBetween(startsAt: string, endsAt: string): number {
  return Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 86_400_000) + 1;
}

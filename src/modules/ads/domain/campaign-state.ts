/** The life of a campaign. Nothing reaches `scheduled` (and so the channels) without approval. */
export const campaignStates = [
  'draft',
  'pending_approval',
  'scheduled',
  'active',
  'paused',
  'finished',
] as const;
export type CampaignState = (typeof campaignStates)[number];

export const campaignActions = [
  'submit',
  'approve',
  'reject',
  'activate',
  'pause',
  'resume',
  'finish',
] as const;
export type CampaignAction = (typeof campaignActions)[number];

const transitions: Record<CampaignAction, { from: readonly CampaignState[]; to: CampaignState }> = {
  submit: { from: ['draft'], to: 'pending_approval' },
  approve: { from: ['pending_approval'], to: 'scheduled' },
  reject: { from: ['pending_approval'], to: 'draft' },
  activate: { from: ['scheduled'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  finish: { from: ['scheduled', 'active', 'paused'], to: 'finished' },
};

export interface IllegalTransition {
  kind: 'illegal_transition';
  from: CampaignState;
  action: CampaignAction;
  allowedFrom: readonly CampaignState[];
}

export type TransitionResult =
  { ok: true; to: CampaignState } | { ok: false; error: IllegalTransition };

/** The state `action` leads to from `from`, or why it may not happen. */
export function transitionCampaign(from: CampaignState, action: CampaignAction): TransitionResult {
  const rule = transitions[action];
  if (!rule.from.includes(from)) {
    return {
      ok: false,
      error: { kind: 'illegal_transition', from, action, allowedFrom: rule.from },
    };
  }
  return { ok: true, to: rule.to };
}

/** Actions that put ads in front of people: they need the `ads:publish` permission. */
export const publishingActions: ReadonlySet<CampaignAction> = new Set([
  'approve',
  'reject',
  'activate',
  'resume',
]);

/** The structure (ad sets, ads) may change only before approval. */
export function isEditable(state: CampaignState): boolean {
  return state === 'draft' || state === 'pending_approval';
}

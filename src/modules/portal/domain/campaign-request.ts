/** The life of a campaign request (docs/architecture.md §6 fixes these names). */
export const requestStatuses = [
  'planning',
  'awaiting_approval',
  'approved',
  'rejected',
  'scheduled',
  'active',
  'completed',
  'failed',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const objectives = ['leads', 'sales', 'awareness'] as const;
export type Objective = (typeof objectives)[number];

/** One target audience of a request or strategy. */
export interface Audience {
  name: string;
  countries: string[];
  ageMin: number;
  ageMax: number;
  interests: string[];
}

/** One ad set of the draft campaign and its ads (variant A, B). */
export interface DraftItem {
  adSetId: string;
  audience: number;
  channel: string;
  adIds: string[];
}

export type RequestAction =
  'propose' | 'fail' | 'retry' | 'approve' | 'reject' | 'schedule' | 'activate' | 'complete';

const transitions: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  propose: { from: ['planning'], to: 'awaiting_approval' },
  fail: { from: ['planning'], to: 'failed' },
  retry: { from: ['failed'], to: 'planning' },
  approve: { from: ['awaiting_approval'], to: 'approved' },
  reject: { from: ['awaiting_approval'], to: 'rejected' },
  schedule: { from: ['approved'], to: 'scheduled' },
  activate: { from: ['scheduled'], to: 'active' },
  complete: { from: ['scheduled', 'active'], to: 'completed' },
};

export type RequestTransition =
  | { ok: true; to: RequestStatus }
  | {
      ok: false;
      from: RequestStatus;
      action: RequestAction;
      allowedFrom: readonly RequestStatus[];
    };

/** The status `action` leads to from `from`, or why it may not happen. */
export function transitionRequest(from: RequestStatus, action: RequestAction): RequestTransition {
  const rule = transitions[action];
  if (!rule.from.includes(from)) return { ok: false, from, action, allowedFrom: rule.from };
  return { ok: true, to: rule.to };
}

/** Statuses the start/end-date cron moves forward, with the date that moves them. */
export function dueAction(
  status: RequestStatus,
  startsAt: string,
  endsAt: string,
  today: string,
): 'activate' | 'complete' | undefined {
  if ((status === 'scheduled' || status === 'active') && endsAt < today) return 'complete';
  if (status === 'scheduled' && startsAt <= today) return 'activate';
  return undefined;
}

/** Content channel names (PromptContent / AI copy) for the ads channels that carry copy. */
export const contentChannelOf: Record<string, string> = {
  facebook: 'facebook',
  instagram: 'instagram',
  tiktok: 'tiktok',
  linkedin: 'linkedin',
  x: 'x',
  google_ads: 'google_ads',
  email: 'email',
  sms: 'web',
  whatsapp: 'web',
  influencer: 'instagram',
};

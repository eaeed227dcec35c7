export const approvalStates = ['draft', 'in_review', 'approved', 'rejected'] as const;
export type ApprovalState = (typeof approvalStates)[number];

export type ReviewAction = 'submit' | 'approve' | 'reject' | 'edit';

export type Transition =
  | { ok: true; state: ApprovalState }
  | { ok: false; reason: 'invalid_transition' | 'comment_required'; message: string };

/**
 * The review workflow: a draft is submitted for review; a reviewer approves it or rejects it
 * with a comment; editing (a new version) sends any state back to draft, because an approval
 * covers the version that was reviewed, not later changes. A rejected asset may be resubmitted.
 */
export function transition(
  state: ApprovalState,
  action: ReviewAction,
  comment?: string | null,
): Transition {
  const refuse = (): Transition => ({
    ok: false,
    reason: 'invalid_transition',
    message: `An asset that is ${state.replace('_', ' ')} cannot be ${pastTense[action]}`,
  });
  switch (action) {
    case 'edit':
      return { ok: true, state: 'draft' };
    case 'submit':
      return state === 'draft' || state === 'rejected'
        ? { ok: true, state: 'in_review' }
        : refuse();
    case 'approve':
      return state === 'in_review' ? { ok: true, state: 'approved' } : refuse();
    case 'reject':
      if (state !== 'in_review') return refuse();
      if (!comment?.trim()) {
        return {
          ok: false,
          reason: 'comment_required',
          message: 'A rejection needs a comment saying why',
        };
      }
      return { ok: true, state: 'rejected' };
  }
}

const pastTense: Record<ReviewAction, string> = {
  submit: 'submitted for review',
  approve: 'approved',
  reject: 'rejected',
  edit: 'edited',
};

import { describe, expect, it } from 'vitest';
import { transition } from './approval.js';

describe('asset approval workflow', () => {
  it('goes draft → in review → approved', () => {
    const submitted = transition('draft', 'submit');
    expect(submitted).toEqual({ ok: true, state: 'in_review' });
    expect(transition('in_review', 'approve')).toEqual({ ok: true, state: 'approved' });
  });

  it('rejects only with a comment, and a rejected asset can be resubmitted', () => {
    expect(transition('in_review', 'reject', '  ')).toMatchObject({
      ok: false,
      reason: 'comment_required',
    });
    expect(transition('in_review', 'reject', 'Wrong logo')).toEqual({
      ok: true,
      state: 'rejected',
    });
    expect(transition('rejected', 'submit')).toEqual({ ok: true, state: 'in_review' });
  });

  it('refuses approving what is not in review', () => {
    for (const state of ['draft', 'approved', 'rejected'] as const) {
      expect(transition(state, 'approve')).toMatchObject({
        ok: false,
        reason: 'invalid_transition',
      });
    }
    expect(transition('approved', 'submit')).toMatchObject({ ok: false });
  });

  it('sends any state back to draft on edit', () => {
    for (const state of ['draft', 'in_review', 'approved', 'rejected'] as const) {
      expect(transition(state, 'edit')).toEqual({ ok: true, state: 'draft' });
    }
  });
});

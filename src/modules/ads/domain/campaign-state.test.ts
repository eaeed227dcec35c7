import { describe, expect, it } from 'vitest';
import { isEditable, transitionCampaign } from './campaign-state.js';

describe('campaign state machine', () => {
  it('walks draft → pending_approval → scheduled → active ⇄ paused → finished', () => {
    expect(transitionCampaign('draft', 'submit')).toEqual({ ok: true, to: 'pending_approval' });
    expect(transitionCampaign('pending_approval', 'approve')).toEqual({
      ok: true,
      to: 'scheduled',
    });
    expect(transitionCampaign('scheduled', 'activate')).toEqual({ ok: true, to: 'active' });
    expect(transitionCampaign('active', 'pause')).toEqual({ ok: true, to: 'paused' });
    expect(transitionCampaign('paused', 'resume')).toEqual({ ok: true, to: 'active' });
    expect(transitionCampaign('paused', 'finish')).toEqual({ ok: true, to: 'finished' });
    expect(transitionCampaign('pending_approval', 'reject')).toEqual({ ok: true, to: 'draft' });
  });

  it('refuses to publish without approval, and anything after finishing', () => {
    const skip = transitionCampaign('draft', 'activate');
    expect(skip).toEqual({
      ok: false,
      error: {
        kind: 'illegal_transition',
        from: 'draft',
        action: 'activate',
        allowedFrom: ['scheduled'],
      },
    });
    expect(transitionCampaign('draft', 'approve').ok).toBe(false);
    expect(transitionCampaign('finished', 'resume').ok).toBe(false);
    expect(transitionCampaign('active', 'submit').ok).toBe(false);
  });

  it('allows structural edits only before approval', () => {
    expect(isEditable('draft')).toBe(true);
    expect(isEditable('pending_approval')).toBe(true);
    expect(isEditable('scheduled')).toBe(false);
    expect(isEditable('active')).toBe(false);
  });
});

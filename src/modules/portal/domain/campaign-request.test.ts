import { describe, expect, it } from 'vitest';
import { dueAction, transitionRequest } from './campaign-request.js';

describe('campaign request states', () => {
  it('needs a proposal before approval', () => {
    expect(transitionRequest('planning', 'approve')).toEqual({
      ok: false,
      from: 'planning',
      action: 'approve',
      allowedFrom: ['awaiting_approval'],
    });
    expect(transitionRequest('awaiting_approval', 'approve')).toEqual({ ok: true, to: 'approved' });
  });

  it('retries only a failed request', () => {
    expect(transitionRequest('failed', 'retry')).toEqual({ ok: true, to: 'planning' });
    expect(transitionRequest('awaiting_approval', 'retry').ok).toBe(false);
  });

  it('activates on the start date and completes after the end date', () => {
    expect(dueAction('scheduled', '2026-01-10', '2026-01-20', '2026-01-09')).toBeUndefined();
    expect(dueAction('scheduled', '2026-01-10', '2026-01-20', '2026-01-10')).toBe('activate');
    expect(dueAction('active', '2026-01-10', '2026-01-20', '2026-01-20')).toBeUndefined();
    expect(dueAction('active', '2026-01-10', '2026-01-20', '2026-01-21')).toBe('complete');
    expect(
      dueAction('awaiting_approval', '2026-01-10', '2026-01-20', '2026-01-21'),
    ).toBeUndefined();
  });
});

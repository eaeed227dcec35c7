import { describe, expect, it } from 'vitest';
import { checkMembershipChange } from './membership-rules.js';

const base = { ownerCount: 2, selfLeaving: false };

describe('membership rules', () => {
  it('lets only an owner grant, revoke or remove the owner role', () => {
    expect(
      checkMembershipChange({
        ...base,
        actorRole: 'admin',
        currentRole: 'marketer',
        nextRole: 'owner',
      })?.kind,
    ).toBe('owner_only');
    expect(
      checkMembershipChange({
        ...base,
        actorRole: 'admin',
        currentRole: 'owner',
        nextRole: 'admin',
      })?.kind,
    ).toBe('owner_only');
    expect(
      checkMembershipChange({ ...base, actorRole: 'admin', currentRole: 'owner', nextRole: null })
        ?.kind,
    ).toBe('owner_only');
    expect(
      checkMembershipChange({
        ...base,
        actorRole: 'owner',
        currentRole: 'marketer',
        nextRole: 'owner',
      }),
    ).toBeNull();
    expect(
      checkMembershipChange({
        ...base,
        actorRole: 'admin',
        currentRole: 'marketer',
        nextRole: 'analyst',
      }),
    ).toBeNull();
  });

  it('always keeps one owner', () => {
    const last = { ownerCount: 1, actorRole: 'owner', currentRole: 'owner' };
    expect(checkMembershipChange({ ...last, nextRole: 'admin', selfLeaving: false })?.kind).toBe(
      'last_owner',
    );
    expect(checkMembershipChange({ ...last, nextRole: null, selfLeaving: true })?.message).toMatch(
      /cannot leave/,
    );
    expect(checkMembershipChange({ ...last, nextRole: 'owner', selfLeaving: false })).toBeNull();
    expect(
      checkMembershipChange({ ...last, ownerCount: 2, nextRole: null, selfLeaving: true }),
    ).toBeNull();
  });

  it('lets any member leave', () => {
    expect(
      checkMembershipChange({
        ...base,
        actorRole: 'analyst',
        currentRole: 'analyst',
        nextRole: null,
        selfLeaving: true,
      }),
    ).toBeNull();
  });
});

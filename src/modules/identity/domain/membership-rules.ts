import type { Role } from './permissions.js';

export type MembershipChangeError =
  { kind: 'last_owner'; message: string } | { kind: 'owner_only'; message: string };

/**
 * May `actorRole` move a member from `currentRole` to `nextRole` (null: remove)? Only an owner
 * grants, revokes or removes the owner role, and an organisation always keeps one owner.
 */
export function checkMembershipChange(input: {
  actorRole: string;
  currentRole: string;
  nextRole: Role | null;
  ownerCount: number;
  selfLeaving: boolean;
}): MembershipChangeError | null {
  const { actorRole, currentRole, nextRole, ownerCount, selfLeaving } = input;
  const touchesOwner = currentRole === 'owner' || nextRole === 'owner';
  if (touchesOwner && actorRole !== 'owner' && !selfLeaving) {
    return {
      kind: 'owner_only',
      message: 'Only an owner can grant, revoke or remove the owner role',
    };
  }
  if (currentRole === 'owner' && nextRole !== 'owner' && ownerCount <= 1) {
    return {
      kind: 'last_owner',
      message:
        nextRole === null
          ? 'The last owner cannot leave or be removed; make another member an owner first'
          : 'The last owner cannot be demoted; make another member an owner first',
    };
  }
  return null;
}

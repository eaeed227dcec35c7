import { AppError } from '../../../platform/errors/app-error.js';
import type { Database } from '../../../platform/db/database.js';
import { checkMembershipChange, type MembershipChangeError } from '../domain/membership-rules.js';
import type { Role } from '../domain/permissions.js';
import {
  deleteMembership,
  findMembershipForUpdate,
  lockOwners,
  setMembershipRole,
} from '../infrastructure/memberships.repository.js';
import type { IdentityServices } from './identity-services.js';
import { forgetPrincipal } from './principal-cache.js';

export interface Actor {
  orgId: string;
  userId: string | null;
  roles: readonly string[];
}

function toAppError(error: MembershipChangeError): AppError {
  return error.kind === 'last_owner'
    ? new AppError('conflict', error.message, { reason: 'last_owner' })
    : new AppError('forbidden', error.message, { reason: 'owner_only' });
}

function actorRole(actor: Actor): string {
  return actor.roles.includes('owner') ? 'owner' : (actor.roles[0] ?? 'none');
}

/**
 * Runs a role change or removal under row locks on the organisation's owners, so the
 * "always one owner" rule holds even when two owners demote each other at the same moment.
 */
async function changeMembership(
  services: IdentityServices,
  actor: Actor,
  userId: string,
  nextRole: Role | null,
): Promise<{ previousRole: string }> {
  const { runtime } = services;
  const previousRole = await runtime.db.transaction(async (tx: Database) => {
    const ownerCount = await lockOwners(tx, actor.orgId);
    const membership = await findMembershipForUpdate(tx, actor.orgId, userId);
    // A foreign or unknown user is simply not found: nothing tells it exists elsewhere.
    if (!membership) throw AppError.notFound('Member', userId);
    const problem = checkMembershipChange({
      actorRole: actorRole(actor),
      currentRole: membership.role,
      nextRole,
      ownerCount,
      selfLeaving: nextRole === null && actor.userId === userId,
    });
    if (problem) throw toAppError(problem);
    if (nextRole === null) await deleteMembership(tx, actor.orgId, userId);
    else if (nextRole !== membership.role)
      await setMembershipRole(tx, actor.orgId, userId, nextRole);
    return membership.role;
  });
  // Tokens carry roles; the authenticator re-checks the membership, and this makes it re-check now.
  await forgetPrincipal(runtime, { orgId: actor.orgId, userId });
  return { previousRole };
}

export function changeMemberRole(
  services: IdentityServices,
  actor: Actor,
  userId: string,
  role: Role,
) {
  return changeMembership(services, actor, userId, role);
}

export function removeMember(services: IdentityServices, actor: Actor, userId: string) {
  return changeMembership(services, actor, userId, null);
}

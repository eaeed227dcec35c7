import { existsIn, type ReferenceCheck } from '../../../platform/references.js';
import type { Runtime } from '../../../platform/runtime.js';
import { findMembership } from '../infrastructure/memberships.repository.js';

/** `identity.member`: a user who belongs to the organisation (an owner, an assignee). */
export function identityReferences(runtime: Runtime): Record<string, ReferenceCheck> {
  return { member: existsIn(runtime.db, findMembership) };
}

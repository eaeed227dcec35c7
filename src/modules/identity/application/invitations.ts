import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { normaliseEmail } from '../../../platform/security/field-crypto.js';
import { invitationMail } from '../domain/invitation-mail.js';
import type { Role } from '../domain/permissions.js';
import { passwordProblems } from '../domain/password-policy.js';
import {
  findUsableInvitationForUpdate,
  insertInvitation,
  markInvitationAccepted,
  type InvitationRow,
} from '../infrastructure/invitations.repository.js';
import { findMembership, insertMembership } from '../infrastructure/memberships.repository.js';
import { findOrganization } from '../infrastructure/organizations.repository.js';
import {
  findUserByEmailLookup,
  findUserById,
  insertUser,
  markEmailVerified,
} from '../infrastructure/users.repository.js';
import type { IdentityServices } from './identity-services.js';
import type { Actor } from './members.js';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token.js';
import { hashPassword } from './password-hasher.js';

export const invitationTtlSeconds = 7 * 24 * 60 * 60;

export interface InvitationView {
  id: string;
  email: string;
  role: string;
  expiresAt: string;
  createdAt: string;
}

export function invitationView(services: IdentityServices, row: InvitationRow): InvitationView {
  return {
    id: row.id,
    email: services.crypto.decrypt(row.emailCiphertext),
    role: row.role,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}

export async function createInvitation(
  services: IdentityServices,
  actor: Actor,
  input: { email: string; role: Role },
): Promise<InvitationView> {
  const { runtime, crypto } = services;
  if (input.role === 'owner' && !actor.roles.includes('owner')) {
    throw new AppError('forbidden', 'Only an owner can invite another owner', {
      reason: 'owner_only',
    });
  }
  const email = normaliseEmail(input.email);
  const lookup = services.emailLookup(email);
  const existing = await findUserByEmailLookup(runtime.db, lookup);
  if (existing && (await findMembership(runtime.db, actor.orgId, existing.id))) {
    throw new AppError('conflict', 'This person is already a member of the organisation', {
      fields: [{ field: 'body.email', message: 'is already a member' }],
    });
  }
  const organization = await findOrganization(runtime.db, actor.orgId);
  if (!organization) throw AppError.notFound('Organisation');
  const { token, hash } = newOneTimeToken();
  const row: InvitationRow = {
    orgId: actor.orgId,
    id: uuidv7(),
    emailLookup: lookup,
    emailCiphertext: crypto.encrypt(email),
    role: input.role,
    tokenHash: hash,
    invitedBy: actor.userId,
    expiresAt: new Date(Date.now() + invitationTtlSeconds * 1000).toISOString(),
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    createdAt: new Date().toISOString(),
  };
  await insertInvitation(runtime.db, row);
  const link = `${runtime.config.publicUrl}/invitations/${token}`;
  const mail = invitationMail(
    { organization: organization.name, role: input.role, link, token, expiresAt: row.expiresAt },
    organization,
  );
  await services.mailer.send({ to: email, subject: mail.subject, text: mail.text });
  return invitationView(services, row);
}

export interface AcceptInvitationInput {
  token: string;
  /** The signed-in user accepting, if any. */
  userId: string | null;
  /** For a new account. */
  name?: string;
  password?: string;
}

const invalidInvitation = () =>
  new AppError(
    'not_found',
    'This invitation is invalid, has expired, was revoked or was already used',
  );

/**
 * Accepts an invitation: a signed-in user whose email matches joins at once; someone without an
 * account creates one (name + password; the email is verified by the invitation itself).
 */
export async function acceptInvitation(
  services: IdentityServices,
  input: AcceptInvitationInput,
): Promise<{ userId: string; orgId: string; role: string; createdAccount: boolean }> {
  const { runtime, crypto } = services;
  const tokenHash = hashOneTimeToken(input.token);
  // Hash the password before the transaction: argon2 takes tens of milliseconds.
  const passwordHash =
    input.userId === null && input.password ? await hashPassword(input.password) : null;
  return runtime.db.transaction(async (tx) => {
    const invitation = await findUsableInvitationForUpdate(tx, tokenHash);
    if (!invitation) throw invalidInvitation();
    const email = crypto.decrypt(invitation.emailCiphertext);
    let userId: string;
    let createdAccount = false;
    if (input.userId) {
      const user = await findUserById(tx, input.userId);
      if (!user || user.emailLookup !== invitation.emailLookup) {
        throw new AppError('forbidden', 'This invitation was sent to another email address');
      }
      userId = user.id;
    } else {
      const existing = await findUserByEmailLookup(tx, invitation.emailLookup);
      if (existing) {
        throw new AppError(
          'conflict',
          'An account with this email already exists: log in, then accept the invitation with your token',
          { reason: 'account_exists' },
        );
      }
      const fields = [
        ...(input.name?.trim()
          ? []
          : [{ field: 'body.name', message: 'is required for a new account' }]),
        ...(input.password
          ? passwordProblems(input.password, email)
          : [{ field: 'body.password', message: 'is required for a new account' }]),
      ];
      if (fields.length > 0 || !passwordHash || !input.name) {
        throw AppError.validation(
          `Cannot create the account: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
          fields,
        );
      }
      userId = uuidv7();
      await insertUser(tx, {
        id: userId,
        emailLookup: invitation.emailLookup,
        emailCiphertext: crypto.encrypt(email),
        name: input.name.trim(),
        passwordHash,
      });
      createdAccount = true;
    }
    if (await findMembership(tx, invitation.orgId, userId)) {
      throw new AppError('conflict', 'You are already a member of this organisation');
    }
    await insertMembership(tx, { orgId: invitation.orgId, userId, role: invitation.role });
    await markInvitationAccepted(tx, invitation.orgId, invitation.id, userId);
    // The invitation reached this inbox, which proves the address.
    await markEmailVerified(tx, userId);
    return { userId, orgId: invitation.orgId, role: invitation.role, createdAccount };
  });
}

import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import { normaliseEmail } from '../../../platform/security/field-crypto.js';
import { slugify } from '../domain/organization-slug.js';
import { passwordProblems } from '../domain/password-policy.js';
import { insertMembership } from '../infrastructure/memberships.repository.js';
import {
  findOrganizationBySlug,
  insertOrganization,
} from '../infrastructure/organizations.repository.js';
import { findUserByEmailLookup, insertUser } from '../infrastructure/users.repository.js';
import { sendVerificationEmail } from './email-verification.js';
import type { IdentityServices } from './identity-services.js';
import { hashPassword } from './password-hasher.js';
import { isUniqueViolation } from '../../../platform/db/unique-violation.js';

export interface SignUpInput {
  organization: string;
  name: string;
  email: string;
  password: string;
}

export interface SignUpResult {
  userId: string;
  orgId: string;
  slug: string;
}

const duplicateEmail = () =>
  new AppError('conflict', 'An account with this email already exists; log in instead', {
    fields: [{ field: 'body.email', message: 'is already registered' }],
  });

/** Creates the organisation, its owner and the membership in one transaction. */
export async function signUp(
  services: IdentityServices,
  input: SignUpInput,
): Promise<SignUpResult> {
  const { runtime, crypto } = services;
  const email = normaliseEmail(input.email);
  const problems = passwordProblems(input.password, email);
  if (problems.length > 0) {
    throw AppError.validation(
      `The password is too weak: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  const emailLookup = services.emailLookup(email);
  if (await findUserByEmailLookup(runtime.db, emailLookup)) throw duplicateEmail();
  const passwordHash = await hashPassword(input.password);
  const userId = uuidv7();
  const orgId = uuidv7();
  const base = slugify(input.organization);
  try {
    const slug = await runtime.db.transaction(async (tx) => {
      const taken = await findOrganizationBySlug(tx, base);
      const chosen = taken ? `${base}-${randomBytes(3).toString('hex')}` : base;
      await insertOrganization(tx, { id: orgId, name: input.organization.trim(), slug: chosen });
      await insertUser(tx, {
        id: userId,
        emailLookup,
        emailCiphertext: crypto.encrypt(email),
        name: input.name.trim(),
        passwordHash,
      });
      await insertMembership(tx, { orgId, userId, role: 'owner' });
      return chosen;
    });
    await sendVerificationEmail(services, { userId, email, name: input.name.trim() });
    return { userId, orgId, slug };
  } catch (error) {
    // Two sign-ups with one email at once: the unique index decides, the loser gets a 409.
    if (isUniqueViolation(error, 'users_email_lookup_idx')) throw duplicateEmail();
    throw error;
  }
}

import { subscribeForDemo } from '../../billing/index.js';
import { uuidv7 } from 'uuidv7';
import type { Runtime } from '../../../platform/runtime.js';
import type { Role } from '../domain/permissions.js';
import { insertMembership } from '../infrastructure/memberships.repository.js';
import {
  findOrganizationBySlug,
  insertOrganization,
} from '../infrastructure/organizations.repository.js';
import { findUserByEmailLookup, insertUser } from '../infrastructure/users.repository.js';
import { identityServices } from './identity-services.js';
import { hashPassword } from './password-hasher.js';

/** The one documented demo password (README); every demo user has it. */
export const demoPassword = 'demo-password-2026';
export const demoOrganization = { name: 'Demo Agency', slug: 'demo-agency' } as const;

export const demoAccounts: readonly { role: Role; email: string; name: string }[] = [
  { role: 'owner', email: 'owner@demo.promptsales.dev', name: 'Olivia Owner' },
  { role: 'admin', email: 'admin@demo.promptsales.dev', name: 'Adam Admin' },
  { role: 'marketer', email: 'marketer@demo.promptsales.dev', name: 'Maya Marketer' },
  { role: 'sales_agent', email: 'sales@demo.promptsales.dev', name: 'Sam Sales' },
  { role: 'analyst', email: 'analyst@demo.promptsales.dev', name: 'Ana Analyst' },
];

/** Demo Agency with one verified user per role; running it again changes nothing. */
/** The demo organisation runs on the bundle's Growth plan, paid through the simulated gateway. */
const demoPlanId = 'promptsales-growth';

export async function seedIdentityDemo(runtime: Runtime): Promise<void> {
  const services = identityServices(runtime);
  const existing = await findOrganizationBySlug(runtime.db, demoOrganization.slug);
  if (existing) {
    await subscribeForDemo(runtime, existing.id, demoPlanId);
    return;
  }
  const passwordHash = await hashPassword(demoPassword);
  const orgId = uuidv7();
  const now = new Date().toISOString();
  await runtime.db.transaction(async (tx) => {
    await insertOrganization(tx, { id: orgId, ...demoOrganization });
    for (const account of demoAccounts) {
      const emailLookup = services.emailLookup(account.email);
      const existing = await findUserByEmailLookup(tx, emailLookup);
      const userId = existing?.id ?? uuidv7();
      if (!existing) {
        await insertUser(tx, {
          id: userId,
          emailLookup,
          emailCiphertext: services.crypto.encrypt(account.email),
          name: account.name,
          passwordHash,
          emailVerifiedAt: now,
        });
      }
      await insertMembership(tx, { orgId, userId, role: account.role });
    }
  });
  await subscribeForDemo(runtime, orgId, demoPlanId);
  runtime.log.info(
    {
      organization: demoOrganization.name,
      plan: demoPlanId,
      users: demoAccounts.map((a) => a.email),
    },
    'identity demo data created',
  );
}

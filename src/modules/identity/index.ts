import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { identityUsageMeters } from './infrastructure/usage-meters.js';
import type { ModuleDefinition } from '../../platform/module.js';
import type { Runtime } from '../../platform/runtime.js';
import { createAuthenticator } from './application/authenticator.js';
import { demoOrganization, seedIdentityDemo } from './application/demo-seed.js';
import { purgeAuditLogJob } from './application/purge-audit-log.job.js';
import { devMailboxRoutes } from './http/dev-mailbox.routes.js';
import { identityHttpHooks } from './http/identity-http-hooks.js';
import { identityRoutes } from './http/identity.routes.js';
import { oidcMaintenanceJob } from './oidc/oidc-maintenance.job.js';
import { oidcRoutes } from './oidc/oidc.routes.js';
import { findOrganizationBySlug } from './infrastructure/organizations.repository.js';
import { listMembers } from './infrastructure/memberships.repository.js';
import { identityServices } from './application/identity-services.js';
import { identityReferences } from './application/identity-references.js';
import { effectivePreferences, organizationPreferences } from './application/preferences.js';

export { demoAccounts, demoOrganization, demoPassword } from './application/demo-seed.js';

/** The demo organisation's id once identity's seed has run (other modules' seeds attach to it). */
export async function demoOrganizationId(runtime: Runtime): Promise<string | undefined> {
  return (await findOrganizationBySlug(runtime.db, demoOrganization.slug))?.id;
}
/**
 * Members of an organisation holding one of `roleNames`, with their email, locale and time zone
 * (their own or the organisation's): whom the portal notifies of proposals to approve and agenda
 * reminders, in their language. Reads at most 1,000 members.
 */
export async function membersWithRoles(
  runtime: Runtime,
  orgId: string,
  roleNames: readonly string[],
): Promise<
  { userId: string; name: string; email: string; role: string; locale: string; timeZone: string }[]
> {
  const rows = await listMembers(runtime.db, orgId, { limit: 1000 });
  const crypto = identityServices(runtime).crypto;
  const organization = await organizationPreferences(runtime, orgId);
  return rows
    .filter((row) => roleNames.includes(row.role))
    .map((row) => ({
      userId: row.userId,
      name: row.name,
      email: crypto.decrypt(row.emailCiphertext),
      role: row.role,
      ...effectivePreferences(row, organization),
    }));
}

export { principalNames } from './application/principal-names.js';

/** The organisation's default locale and time zone (cached): e.g. its campaigns' language. */
export { organizationPreferences, type Preferences } from './application/preferences.js';
export {
  grantableScopes,
  isPermission,
  isRole,
  permissions,
  permissionsOfRoles,
  roles,
  type Permission,
  type Role,
} from './domain/permissions.js';

const rootRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  const options = { runtime };
  await app.register(oidcRoutes, options);
  await app.register(devMailboxRoutes, options);
};

/**
 * Identity: organisations, users, memberships and roles, invitations, API clients, the OpenID
 * Provider and resource server, the audit log and per-principal rate limits. Registered first:
 * its HTTP hooks must be in place before any other module's routes.
 */
export const identityModule: ModuleDefinition = {
  name: 'identity',
  routes: identityRoutes,
  usage: identityUsageMeters,
  rootRoutes,
  httpHooks: identityHttpHooks,
  authenticator: createAuthenticator,
  references: identityReferences,
  // Job payload types differ; the platform checks each payload against its own schema.
  jobs: (runtime) => [purgeAuditLogJob(runtime), oidcMaintenanceJob(runtime)],
  seed: seedIdentityDemo,
};

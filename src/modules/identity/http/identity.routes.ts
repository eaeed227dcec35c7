import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from '../../../platform/runtime.js';
import { apiClientsRoutes } from './api-clients.routes.js';
import { auditLogRoutes } from './audit-log.routes.js';
import { authRoutes } from './auth.routes.js';
import { invitationsRoutes } from './invitations.routes.js';
import { meRoutes } from './me.routes.js';
import { membersRoutes } from './members.routes.js';
import { organizationRoutes } from './organization.routes.js';

/** Every identity route under /api/v1. */
export const identityRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  // Pass only the runtime: the parent's `prefix` must not be applied twice.
  const options = { runtime };
  await app.register(authRoutes, options);
  await app.register(organizationRoutes, options);
  await app.register(meRoutes, options);
  await app.register(membersRoutes, options);
  await app.register(invitationsRoutes, options);
  await app.register(apiClientsRoutes, options);
  await app.register(auditLogRoutes, options);
};

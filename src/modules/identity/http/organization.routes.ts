import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { grantableScopes, permissionsOfRoles, roles } from '../domain/permissions.js';
import {
  findOrganization,
  renameOrganization,
  type OrganizationRow,
} from '../infrastructure/organizations.repository.js';

const organizationView = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  created_at: z.string(),
});

const toView = (row: OrganizationRow) => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  created_at: row.createdAt,
});

/** The caller's organisation and the role matrix. */
export const organizationRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/organization',
    {
      preHandler: requirePermission('org:read'),
      schema: {
        tags: ['identity'],
        summary: 'The organisation the token acts for',
        response: { 200: organizationView },
      },
    },
    async (request) => {
      const row = await findOrganization(runtime.db, tenantOf(request));
      if (!row) throw AppError.notFound('Organisation');
      return toView(row);
    },
  );

  app.patch(
    '/organization',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'organization.updated' },
      schema: {
        tags: ['identity'],
        summary: 'Rename the organisation',
        body: z.object({ name: z.string().trim().min(2).max(100) }),
        response: { 200: organizationView },
      },
    },
    async (request) => {
      const row = await renameOrganization(runtime.db, tenantOf(request), request.body.name);
      if (!row) throw AppError.notFound('Organisation');
      return toView(row);
    },
  );

  app.get(
    '/roles',
    {
      preHandler: requirePermission('members:read'),
      schema: {
        tags: ['identity'],
        summary: 'The role matrix: each role and the permissions it grants',
        response: {
          200: z.object({
            object: z.literal('list'),
            data: z.array(z.object({ role: z.string(), permissions: z.array(z.string()) })),
            grantable_scopes: z.array(z.string()).describe('Scopes an API client may be given'),
          }),
        },
      },
    },
    async () => ({
      object: 'list' as const,
      data: roles.map((role) => ({ role, permissions: [...permissionsOfRoles([role])] })),
      grantable_scopes: [...grantableScopes],
    }),
  );
};

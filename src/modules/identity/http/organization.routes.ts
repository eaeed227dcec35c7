import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { grantableScopes, permissionsOfRoles, roles } from '../domain/permissions.js';
import { localeSchema, timeZoneSchema } from '../../../platform/i18n/locale-schemas.js';
import { forgetOrganizationPreferences } from '../application/preferences.js';
import {
  findOrganization,
  updateOrganization,
  type OrganizationRow,
} from '../infrastructure/organizations.repository.js';

const organizationView = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  locale: z.string().describe('Default locale of its people, mails and campaign copy'),
  time_zone: z.string().describe('Default time zone of its people'),
  created_at: z.string(),
});

const organizationPatch = z
  .object({
    name: z.string().trim().min(2).max(100),
    locale: localeSchema,
    time_zone: timeZoneSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one of name, locale, time_zone',
  });

const toView = (row: OrganizationRow) => ({
  id: row.id,
  name: row.name,
  slug: row.slug,
  locale: row.locale,
  time_zone: row.timeZone,
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
        summary: 'Rename the organisation or change its default locale and time zone',
        body: organizationPatch,
        response: { 200: organizationView },
      },
    },
    async (request) => {
      const orgId = tenantOf(request);
      const { name, locale, time_zone: timeZone } = request.body;
      const row = await updateOrganization(runtime.db, orgId, { name, locale, timeZone });
      if (!row) throw AppError.notFound('Organisation');
      await forgetOrganizationPreferences(runtime, orgId);
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

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import { authOf } from '../../../platform/http/authentication.js';
import { localeSchema, timeZoneSchema } from '../../../platform/i18n/locale-schemas.js';
import type { Runtime } from '../../../platform/runtime.js';
import { identityServices } from '../application/identity-services.js';
import { effectivePreferences, organizationPreferences } from '../application/preferences.js';
import { forgetPersonName } from '../application/principal-names.js';
import { roles } from '../domain/permissions.js';
import { findOrganization } from '../infrastructure/organizations.repository.js';
import { findUserById, updateProfile, type UserRow } from '../infrastructure/users.repository.js';

const profileView = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  email_verified: z.boolean(),
  locale: z
    .string()
    .describe('The locale mails and the web app use for you (yours or the organisation’s)'),
  time_zone: z
    .string()
    .describe('The time zone your dates are shown in (yours or the organisation’s)'),
  own_locale: z.string().nullable().describe('Your own choice; null follows the organisation'),
  own_time_zone: z.string().nullable().describe('Your own choice; null follows the organisation'),
  organization: z.object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(roles),
    locale: z.string(),
    time_zone: z.string(),
  }),
  permissions: z
    .array(z.string())
    .describe('What your role allows here (for showing only what you may use)'),
});

const profilePatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    locale: localeSchema.nullable().describe('null: follow the organisation'),
    time_zone: timeZoneSchema.nullable().describe('null: follow the organisation'),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one of name, locale, time_zone',
  });

/** The signed-in person's own profile: name, locale and time zone, and where they stand. */
export const meRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  const services = identityServices(runtime);

  function personOf(request: Parameters<typeof authOf>[0]) {
    const auth = authOf(request);
    if (!auth.userId)
      throw new AppError('forbidden', 'Only a person has a profile; this token is an API client');
    return { ...auth, userId: auth.userId };
  }

  async function viewOf(auth: ReturnType<typeof personOf>, user: UserRow) {
    const organization = await findOrganization(runtime.db, auth.orgId);
    if (!organization) throw AppError.notFound('Organisation');
    const orgPreferences = await organizationPreferences(runtime, auth.orgId);
    const effective = effectivePreferences(user, orgPreferences);
    return {
      id: user.id,
      name: user.name,
      email: services.crypto.decrypt(user.emailCiphertext),
      email_verified: user.emailVerifiedAt !== null,
      locale: effective.locale,
      time_zone: effective.timeZone,
      own_locale: user.locale,
      own_time_zone: user.timeZone,
      organization: {
        id: organization.id,
        name: organization.name,
        role: auth.roles[0] as (typeof roles)[number],
        locale: organization.locale,
        time_zone: organization.timeZone,
      },
      permissions: [...auth.permissions].sort(),
    };
  }

  app.get(
    '/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Your profile: name, email, locale and time zone, role and permissions',
        response: { 200: profileView },
      },
    },
    async (request) => {
      const auth = personOf(request);
      const user = await findUserById(runtime.db, auth.userId);
      if (!user) throw AppError.notFound('User');
      return viewOf(auth, user);
    },
  );

  app.patch(
    '/me',
    {
      config: { audit: 'profile.updated' },
      schema: {
        tags: ['identity'],
        summary: 'Change your name, locale or time zone (null follows the organisation)',
        body: profilePatch,
        response: { 200: profileView },
      },
    },
    async (request) => {
      const auth = personOf(request);
      request.auditContext = { target: auth.userId };
      const { name, locale, time_zone: timeZone } = request.body;
      const user = await updateProfile(runtime.db, auth.userId, { name, locale, timeZone });
      if (!user) throw AppError.notFound('User');
      if (name !== undefined) await forgetPersonName(runtime, auth.userId);
      return viewOf(auth, user);
    },
  );
};

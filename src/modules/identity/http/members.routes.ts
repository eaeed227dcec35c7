import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import {
  assertPermissions,
  authOf,
  requirePermission,
} from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import type { Runtime } from '../../../platform/runtime.js';
import { identityServices } from '../application/identity-services.js';
import { changeMemberRole, removeMember } from '../application/members.js';
import { roles } from '../domain/permissions.js';
import { findMembership, listMembers } from '../infrastructure/memberships.repository.js';
import { findUserById } from '../infrastructure/users.repository.js';

const memberView = z.object({
  user_id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(roles),
  email_verified: z.boolean(),
  joined_at: z.string(),
});

const userParams = z.object({ userId: z.uuid() });

/** Members of the caller's organisation: list, change roles, remove (or leave). */
export const membersRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const services = identityServices(runtime);

  async function memberOf(orgId: string, userId: string) {
    const membership = await findMembership(runtime.db, orgId, userId);
    const user = membership && (await findUserById(runtime.db, userId));
    if (!membership || !user) throw AppError.notFound('Member', userId);
    return {
      user_id: user.id,
      name: user.name,
      email: services.crypto.decrypt(user.emailCiphertext),
      role: membership.role as (typeof roles)[number],
      email_verified: user.emailVerifiedAt !== null,
      joined_at: membership.createdAt,
    };
  }

  app.get(
    '/members',
    {
      preHandler: requirePermission('members:read'),
      schema: {
        tags: ['identity'],
        summary: 'Members of the organisation',
        querystring: paginationQuery,
        response: { 200: listOf(memberView) },
      },
    },
    async (request) => {
      const { orgId } = authOf(request);
      return listPage(request.query, {
        cursor: z.object({ u: z.uuid() }),
        rows: (page) =>
          listMembers(runtime.db, orgId, { limit: page.limit, afterUserId: page.after?.u }),
        item: (row) => ({
          user_id: row.userId,
          name: row.name,
          email: services.crypto.decrypt(row.emailCiphertext),
          role: row.role as (typeof roles)[number],
          email_verified: row.emailVerifiedAt !== null,
          joined_at: row.joinedAt,
        }),
        position: (row) => ({ u: row.userId }),
      });
    },
  );

  app.get(
    '/members/:userId',
    {
      preHandler: requirePermission('members:read'),
      schema: {
        tags: ['identity'],
        summary: 'One member',
        params: userParams,
        response: { 200: memberView },
      },
    },
    async (request) => memberOf(authOf(request).orgId, request.params.userId),
  );

  app.patch(
    '/members/:userId',
    {
      preHandler: requirePermission('members:manage'),
      config: { audit: 'member.role_changed' },
      schema: {
        tags: ['identity'],
        summary: "Change a member's role",
        description:
          'Only an owner can grant or revoke the owner role. The last owner cannot be demoted (409). ' +
          "Takes effect at once: the member's current token loses the old role's permissions.",
        params: userParams,
        body: z.object({ role: z.enum(roles) }),
        response: { 200: memberView },
      },
    },
    async (request) => {
      const auth = authOf(request);
      await changeMemberRole(services, auth, request.params.userId, request.body.role);
      return memberOf(auth.orgId, request.params.userId);
    },
  );

  app.delete(
    '/members/:userId',
    {
      config: { audit: 'member.removed' },
      schema: {
        tags: ['identity'],
        summary: 'Remove a member, or leave the organisation (your own user id)',
        description:
          'Removing someone else needs members:manage; anyone may leave. The last owner cannot ' +
          'leave or be removed (409).',
        params: userParams,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      if (auth.userId !== request.params.userId) assertPermissions(auth, ['members:manage']);
      await removeMember(services, auth, request.params.userId);
      return reply.code(204).send(null);
    },
  );
};

import { assertWithinQuota } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import type { Runtime } from '../../../platform/runtime.js';
import { identityServices } from '../application/identity-services.js';
import { acceptInvitation, createInvitation, invitationView } from '../application/invitations.js';
import { tokenServiceFor } from '../application/token-service.js';
import { roles } from '../domain/permissions.js';
import {
  listPendingInvitations,
  revokeInvitation,
} from '../infrastructure/invitations.repository.js';

const invitation = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(roles),
  expires_at: z.string(),
  created_at: z.string(),
});

type View = ReturnType<typeof invitationView>;
const toView = (view: View) => ({
  id: view.id,
  email: view.email,
  role: view.role as (typeof roles)[number],
  expires_at: view.expiresAt,
  created_at: view.createdAt,
});

/** Invitations by email: create, list and revoke (members:manage); accept (the invitee). */
export const invitationsRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const services = identityServices(runtime);

  app.post(
    '/invitations',
    {
      preHandler: requirePermission('members:manage'),
      config: { idempotent: true, audit: 'invitation.created' },
      schema: {
        tags: ['identity'],
        summary: 'Invite someone by email (valid 7 days)',
        description: 'Only an owner can invite an owner. The token travels only in the email.',
        body: z.object({ email: z.email().max(254), role: z.enum(roles) }),
        response: { 201: invitation },
      },
    },
    async (request, reply) => {
      // A seat is taken when the invitation is accepted; refuse invitations no seat is left for.
      await assertWithinQuota(runtime, authOf(request).orgId, 'seats', 1);
      const created = await createInvitation(services, authOf(request), request.body);
      return reply.code(201).send(toView(created));
    },
  );

  app.get(
    '/invitations',
    {
      preHandler: requirePermission('members:manage'),
      schema: {
        tags: ['identity'],
        summary: 'Pending invitations, newest first',
        querystring: paginationQuery,
        response: { 200: listOf(invitation) },
      },
    },
    async (request) => {
      return listPage(request.query, {
        cursor: z.object({ i: z.uuid() }),
        rows: (page) =>
          listPendingInvitations(runtime.db, authOf(request).orgId, {
            limit: page.limit,
            beforeId: page.after?.i,
          }),
        item: (row) => toView(invitationView(services, row)),
        position: (row) => ({ i: row.id }),
      });
    },
  );

  app.delete(
    '/invitations/:id',
    {
      preHandler: requirePermission('members:manage'),
      config: { audit: 'invitation.revoked' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke a pending invitation',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (request, reply) => {
      const revoked = await revokeInvitation(runtime.db, authOf(request).orgId, request.params.id);
      if (!revoked) throw AppError.notFound('Pending invitation', request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/invitations/:token/accept',
    {
      config: { public: true, audit: 'invitation.accepted' },
      schema: {
        tags: ['identity'],
        summary: 'Accept an invitation',
        description:
          'Signed in (bearer token of the invited email account): joins at once. Not signed in: ' +
          'creates the account with `name` and `password`. Returns tokens for the organisation joined.',
        params: z.object({ token: z.string().min(16).max(128) }),
        body: z
          .object({ name: z.string().trim().min(1).max(100), password: z.string().max(256) })
          .partial()
          .nullish()
          .describe('Only for a new account; a signed-in user sends no body'),
        response: {
          200: z.object({
            organization_id: z.uuid(),
            user_id: z.uuid(),
            role: z.enum(roles),
            created_account: z.boolean(),
            access_token: z.string(),
            refresh_token: z.string(),
            token_type: z.literal('Bearer'),
            expires_in: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      if (request.auth && !request.auth.userId) {
        throw new AppError('forbidden', 'An API client cannot accept an invitation');
      }
      const accepted = await acceptInvitation(services, {
        token: request.params.token,
        userId: request.auth?.userId ?? null,
        name: request.body?.name,
        password: request.body?.password,
      });
      // The path holds the token: the audit names the user, never the token.
      request.auditContext = {
        orgId: accepted.orgId,
        actor: `user:${accepted.userId}`,
        target: accepted.userId,
      };
      const tokens = await (
        await tokenServiceFor(runtime)
      ).issueForUser({
        userId: accepted.userId,
        orgId: accepted.orgId,
        roles: [accepted.role],
      });
      return {
        organization_id: accepted.orgId,
        user_id: accepted.userId,
        role: accepted.role as (typeof roles)[number],
        created_account: accepted.createdAccount,
        ...tokens,
      };
    },
  );
};

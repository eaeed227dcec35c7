import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import '../../../platform/http/audit.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf, listPage, paginationQuery } from '../../../platform/http/pagination.js';
import type { Runtime } from '../../../platform/runtime.js';
import { createApiClient, revokeClient, rotateClientSecret } from '../application/api-clients.js';
import { identityServices } from '../application/identity-services.js';
import { listApiClients, type ApiClientRow } from '../infrastructure/api-clients.repository.js';

const apiClient = z.object({
  id: z.uuid(),
  name: z.string(),
  client_id: z.string(),
  scopes: z.array(z.string()),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
const withSecret = apiClient.extend({
  client_secret: z.string().describe('Shown this once: store it now, it cannot be read again'),
});

const toView = (row: ApiClientRow) => ({
  id: row.id,
  name: row.name,
  client_id: row.clientId,
  scopes: row.scopes,
  created_at: row.createdAt,
  last_used_at: row.lastUsedAt,
  revoked_at: row.revokedAt,
});

const idParams = z.object({ id: z.uuid() });

/**
 * Service accounts using the OAuth client_credentials grant. The secret is returned only by
 * create and rotate. These POSTs deliberately do not honour Idempotency-Key: a replay would
 * have to keep the secret in the cache for a day.
 */
export const apiClientsRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  const services = identityServices(runtime);
  const guard = requirePermission('api_clients:manage');

  app.post(
    '/api-clients',
    {
      preHandler: guard,
      config: { audit: 'api_client.created' },
      schema: {
        tags: ['identity'],
        summary: 'Create an API client (the secret is shown once)',
        description:
          'Scopes are permission names; members, billing and client management cannot be granted.',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.string().min(1).max(64)).min(1).max(64),
        }),
        response: { 201: withSecret },
      },
    },
    async (request, reply) => {
      const { client, secret } = await createApiClient(services, authOf(request), request.body);
      request.auditContext = { target: client.id };
      return reply.code(201).send({ ...toView(client), client_secret: secret });
    },
  );

  app.get(
    '/api-clients',
    {
      preHandler: guard,
      schema: {
        tags: ['identity'],
        summary: 'API clients of the organisation, newest first (never their secrets)',
        querystring: paginationQuery.extend({
          include_revoked: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: listOf(apiClient) },
      },
    },
    async (request) => {
      return listPage(request.query, {
        cursor: z.object({ i: z.uuid() }),
        rows: (page) =>
          listApiClients(runtime.db, authOf(request).orgId, {
            limit: page.limit,
            beforeId: page.after?.i,
            includeRevoked: request.query.include_revoked === 'true',
          }),
        item: toView,
        position: (row) => ({ i: row.id }),
      });
    },
  );

  app.delete(
    '/api-clients/:id',
    {
      preHandler: guard,
      config: { audit: 'api_client.revoked' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API client (its tokens stop working at once)',
        params: idParams,
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (request, reply) => {
      await revokeClient(services, authOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api-clients/:id/rotate-secret',
    {
      preHandler: guard,
      config: { audit: 'api_client.secret_rotated' },
      schema: {
        tags: ['identity'],
        summary: 'Replace the secret (the old one stops working; the new one is shown once)',
        params: idParams,
        response: { 200: withSecret },
      },
    },
    async (request) => {
      const { client, secret } = await rotateClientSecret(
        services,
        authOf(request),
        request.params.id,
      );
      return { ...toView(client), client_secret: secret };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  connectHubSpot,
  disconnectHubSpot,
  hubspotConnectionOf,
} from '../application/hubspot-connection.js';
import { connectionSchema, connectionView } from './sync-views.js';

/**
 * The organisation's HubSpot connection (a private app's access token; owners and admins).
 * Syncing and its runs are `POST /integrations/hubspot/sync` and `GET …/sync-runs`
 * (integrations.routes.ts).
 */
export const hubspotRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.put(
    '/integrations/hubspot/connection',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'crm.hubspot_connected' },
      schema: {
        tags: ['crm'],
        summary:
          'Connect HubSpot with a private app’s access token (checked at HubSpot, stored encrypted; connecting again replaces it)',
        description:
          'The private app needs the scopes `crm.objects.contacts.read` and `crm.objects.contacts.write`. A token HubSpot refuses answers 400.',
        body: z.object({ access_token: z.string().min(10).max(500) }),
        response: { 200: connectionSchema },
      },
    },
    async (request) =>
      connectionView(
        await connectHubSpot(
          runtime,
          tenantOf(request),
          request.body.access_token,
          authOf(request).principalId,
        ),
      ),
  );

  app.get(
    '/integrations/hubspot/connection',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['crm'],
        summary: 'The HubSpot connection: portal, currency, status (never the token)',
        response: { 200: connectionSchema },
      },
    },
    async (request) => {
      const connected = await hubspotConnectionOf(runtime, tenantOf(request));
      if (!connected) throw AppError.notFound('HubSpot connection');
      return connectionView(connected.connection);
    },
  );

  app.delete(
    '/integrations/hubspot/connection',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'crm.hubspot_disconnected' },
      schema: {
        tags: ['crm'],
        summary:
          'Disconnect HubSpot: the token is forgotten (private-app tokens are revoked in HubSpot itself)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (!(await disconnectHubSpot(runtime, tenantOf(request))))
        throw AppError.notFound('HubSpot connection');
      return reply.status(204).send(null);
    },
  );
};

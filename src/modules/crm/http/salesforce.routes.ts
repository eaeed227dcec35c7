import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  connectSalesforce,
  disconnectSalesforce,
  salesforceConnectionOf,
} from '../application/salesforce-connection.js';
import { salesforceConnectionSchema, salesforceConnectionView } from './sync-views.js';

/**
 * The organisation's Salesforce connection (the org's instance URL and a connected app's access
 * token; owners and admins). Syncing and its runs are `POST /integrations/salesforce/sync` and
 * `GET …/sync-runs` (integrations.routes.ts).
 */
export const salesforceRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.put(
    '/integrations/salesforce/connection',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'crm.salesforce_connected' },
      schema: {
        tags: ['crm'],
        summary:
          'Connect Salesforce with the org’s instance URL and a connected app’s access token (checked at Salesforce, stored encrypted; connecting again replaces it)',
        description:
          'The instance URL must be a public https origin (e.g. `https://acme.my.salesforce.com`); the token is one the connected app obtained through Salesforce’s OAuth with the `api` scope. A URL that cannot be used or a token Salesforce refuses answers 400 naming the field.',
        body: z.object({
          instance_url: z.string().min(8).max(300),
          access_token: z.string().min(10).max(2000),
        }),
        response: { 200: salesforceConnectionSchema },
      },
    },
    async (request) =>
      salesforceConnectionView(
        await connectSalesforce(
          runtime,
          tenantOf(request),
          { instanceUrl: request.body.instance_url, token: request.body.access_token },
          authOf(request).principalId,
        ),
      ),
  );

  app.get(
    '/integrations/salesforce/connection',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['crm'],
        summary: 'The Salesforce connection: organization, instance, status (never the token)',
        response: { 200: salesforceConnectionSchema },
      },
    },
    async (request) => {
      const connected = await salesforceConnectionOf(runtime, tenantOf(request));
      if (!connected) throw AppError.notFound('Salesforce connection');
      return salesforceConnectionView(connected.connection);
    },
  );

  app.delete(
    '/integrations/salesforce/connection',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'crm.salesforce_disconnected' },
      schema: {
        tags: ['crm'],
        summary:
          'Disconnect Salesforce: the token is forgotten (revoke it in Salesforce with the connected app’s session management)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (!(await disconnectSalesforce(runtime, tenantOf(request))))
        throw AppError.notFound('Salesforce connection');
      return reply.status(204).send(null);
    },
  );
};

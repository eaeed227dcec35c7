import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import {
  completeMetaConnection,
  disconnect,
  startMetaConnection,
} from '../application/ad-connections.js';
import { adsServicesFor } from '../application/ads-services.js';
import { connectionProviders, type ConnectionSummary } from '../infrastructure/connection-store.js';
import { idParams } from './ads-schemas.js';

const connectionSchema = z.object({
  object: z.literal('ad_account_connection'),
  id: z.uuid(),
  provider: z.enum(connectionProviders),
  status: z.enum(['active', 'needs_reauth']),
  account_id: z.string(),
  account_name: z.string(),
  currency: z.string(),
  scopes: z.array(z.string()),
  token_expires_at: z.string().nullable(),
  connected_by: z.string(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const resource = (row: ConnectionSummary): z.infer<typeof connectionSchema> => ({
  object: 'ad_account_connection',
  id: row.id,
  provider: row.provider as (typeof connectionProviders)[number],
  status: row.status,
  account_id: row.externalAccountId,
  account_name: row.accountName,
  currency: row.currency,
  scopes: row.scopes,
  token_expires_at: row.tokenExpiresAt,
  connected_by: row.connectedBy,
  last_error: row.lastError,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
});

/**
 * Ad-account connections (owners and admins: `org:manage`). Connecting is the vendor's OAuth 2.0
 * authorization-code flow: POST answers the URL to send the browser to; the vendor redirects to
 * the public callback, which exchanges the code and stores the tokens encrypted.
 */
export const connectionRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  app.get(
    '/ads/connections',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['ads'],
        summary: "The organisation's ad-account connections (no credentials)",
        response: { 200: listOf(connectionSchema) },
      },
    },
    async (request) => {
      const rows = await adsServicesFor(runtime).connections.list(tenantOf(request));
      return {
        object: 'list' as const,
        data: rows.map(resource),
        has_more: false,
        next_cursor: null,
      };
    },
  );

  app.post(
    '/ads/connections',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'ads.connection_started' },
      schema: {
        tags: ['ads'],
        summary: 'Start connecting an ad account (OAuth): answers the vendor URL to open',
        description:
          'Send the browser to `authorization_url`; the vendor redirects back to `/api/v1/ads/connections/{provider}/callback`, which completes the connection. `ad_account_id` picks the account (Meta: `act_…`); without it the first active one is taken. The state is valid 10 minutes, once.',
        body: z.object({
          provider: z.enum(connectionProviders),
          ad_account_id: z
            .string()
            .regex(/^(act_)?\d{1,30}$/, 'must be a Meta ad account id, e.g. act_1234')
            .optional(),
        }),
        response: {
          201: z.object({
            object: z.literal('authorization'),
            provider: z.enum(connectionProviders),
            authorization_url: z.string(),
            expires_at: z.string(),
          }),
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const started = await startMetaConnection(
        runtime,
        auth.orgId,
        auth.principalId,
        request.body.ad_account_id,
      );
      return reply.status(201).send({
        object: 'authorization' as const,
        provider: request.body.provider,
        authorization_url: started.authorizationUrl,
        expires_at: started.expiresAt,
      });
    },
  );

  app.get(
    '/ads/connections/meta/callback',
    {
      config: { public: true },
      schema: {
        tags: ['ads'],
        summary: 'OAuth redirect target for Meta (public: the state identifies the organisation)',
        description:
          'Meta sends the browser here with `code` and `state` (or `error`). On success answers 303 to the web app (`/integrations?connected=meta`); an unknown, used or expired state, or a refused code, answers 400.',
        querystring: z.object({
          state: z.string().min(1).max(200),
          code: z.string().min(1).max(2000).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
        }),
        response: { 303: z.null() },
      },
    },
    async (request, reply) => {
      await completeMetaConnection(runtime, {
        state: request.query.state,
        code: request.query.code,
        error: request.query.error,
        errorDescription: request.query.error_description,
      });
      return reply.redirect(`${runtime.config.publicUrl}/integrations?connected=meta`, 303);
    },
  );

  app.delete(
    '/ads/connections/:id',
    {
      preHandler: requirePermission('org:manage'),
      config: { audit: 'ads.connection_removed' },
      schema: {
        tags: ['ads'],
        summary: 'Disconnect: revokes the grant at the vendor and deletes the stored tokens',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await disconnect(runtime, tenantOf(request), request.params.id);
      request.auditContext = { target: request.params.id };
      return reply.status(204).send(null);
    },
  );
};

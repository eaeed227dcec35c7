import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { listOf } from '../../../platform/http/pagination.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { completeAuthorization, connect, disconnect } from '../application/ad-connections.js';
import { adsServicesFor } from '../application/ads-services.js';
import {
  connectionProviders,
  type ConnectionProvider,
  type ConnectionSummary,
} from '../domain/connection-provider.js';
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
  provider: row.provider as ConnectionProvider,
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

  app.get(
    '/ads/connection-providers',
    {
      preHandler: requirePermission('org:manage'),
      schema: {
        tags: ['ads'],
        summary: 'The vendors this platform can connect (those it has app credentials for)',
        description:
          '`credential_kind` says how to connect: `oauth` through the consent screen, `api_key` with a key and the `required_settings` listed.',
        response: {
          200: listOf(
            z.object({
              object: z.literal('connection_provider'),
              provider: z.enum(connectionProviders),
              label: z.string(),
              credential_kind: z.enum(['oauth', 'api_key']),
              channels: z.array(z.string()),
              required_settings: z.record(z.string(), z.string()),
            }),
          ),
        },
      },
    },
    async () => {
      const providers = [...adsServicesFor(runtime).providers.values()];
      return {
        object: 'list' as const,
        data: providers.map((provider) => ({
          object: 'connection_provider' as const,
          provider: provider.id,
          label: provider.label,
          credential_kind: provider.credentialKind,
          channels: [...provider.channels],
          required_settings:
            provider.credentialKind === 'api_key' ? { ...provider.requiredSettings } : {},
        })),
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
        summary: 'Connect an ad or messaging account: OAuth vendors answer the URL to open',
        description:
          'OAuth vendors (Meta…) answer an `authorization` whose `authorization_url` the browser is sent to; the vendor redirects back to `/api/v1/ads/connections/{provider}/callback`, which completes the connection (the state is valid 10 minutes, once). `ad_account_id` picks the account (Meta: `act_…`); without it the first active one is taken. API-key vendors take `api_key` (and the `settings` they need), check it at the vendor, and answer the connection itself. A vendor the platform has no app credentials for answers 400.',
        body: z.object({
          provider: z.enum(connectionProviders),
          ad_account_id: z.string().min(1).max(100).optional(),
          api_key: z.string().min(1).max(500).optional(),
          settings: z
            .record(z.string().regex(/^[a-z][a-z_]{0,39}$/), z.string().min(1).max(200))
            .refine((value) => Object.keys(value).length <= 10, 'at most 10 settings')
            .optional(),
        }),
        response: {
          201: z.union([
            z.object({
              object: z.literal('authorization'),
              provider: z.enum(connectionProviders),
              authorization_url: z.string(),
              expires_at: z.string(),
            }),
            connectionSchema,
          ]),
        },
      },
    },
    async (request, reply) => {
      const auth = authOf(request);
      const outcome = await connect(runtime, auth.orgId, auth.principalId, {
        provider: request.body.provider,
        externalAccountId: request.body.ad_account_id,
        apiKey: request.body.api_key,
        settings: request.body.settings,
      });
      request.auditContext = { target: request.body.provider };
      if (outcome.kind === 'connected') return reply.status(201).send(resource(outcome.connection));
      return reply.status(201).send({
        object: 'authorization' as const,
        provider: request.body.provider,
        authorization_url: outcome.authorizationUrl,
        expires_at: outcome.expiresAt,
      });
    },
  );

  app.get(
    '/ads/connections/:provider/callback',
    {
      config: { public: true },
      schema: {
        tags: ['ads'],
        summary:
          "OAuth redirect target of a vendor's consent screen (public: the state names the organisation)",
        description:
          'The vendor sends the browser here with `code` (TikTok: `auth_code`) and `state` (or `error`). On success answers 303 to the web app (`/integrations?connected=<provider>`); an unknown, used or expired state, one issued for another vendor, or a refused code answers 400.',
        params: z.object({ provider: z.enum(connectionProviders) }),
        querystring: z.object({
          state: z.string().min(1).max(200),
          code: z.string().min(1).max(2000).optional(),
          // TikTok's name for the code.
          auth_code: z.string().min(1).max(2000).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(1000).optional(),
        }),
        response: { 303: z.null() },
      },
    },
    async (request, reply) => {
      const { provider } = request.params;
      await completeAuthorization(runtime, provider, {
        state: request.query.state,
        code: request.query.code ?? request.query.auth_code,
        error: request.query.error,
        errorDescription: request.query.error_description,
      });
      return reply.redirect(`${runtime.config.publicUrl}/integrations?connected=${provider}`, 303);
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

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { isAppError } from '../../../platform/errors/app-error.js';
import type { Language } from '../../../platform/i18n/locale.js';
import type { Runtime } from '../../../platform/runtime.js';
import { checkAuthAttemptLimit } from '../application/auth-attempt-limit.js';
import { identityServices } from '../application/identity-services.js';
import { logIn } from '../application/log-in.js';
import { renderLoginPage } from './login-page.js';
import { signInFailure, signInLanguage, signInTexts } from './sign-in-text.js';
import { grantOrganisation, setGrantOrganisation } from './oidc-adapter.js';
import { oidcServiceFor } from './oidc-service.js';
import {
  apiAudienceOf,
  apiScope,
  discoveryPath,
  interactionPath,
  oidcPathPrefix,
  webClientId,
} from './oidc-settings.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
const handlers = new WeakMap<Provider, NodeHandler>();

function handlerOf(provider: Provider): NodeHandler {
  let handler = handlers.get(provider);
  if (!handler) {
    handler = provider.callback() as unknown as NodeHandler;
    handlers.set(provider, handler);
  }
  return handler;
}

const methods = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;

/** `organization_id` from the authorize request, when it is one (else the first membership). */
function organisationAskedFor(value: string | undefined): string | undefined {
  return value && z.uuid().safeParse(value).success ? value : undefined;
}
const webClientScopes = new Set(['openid', 'offline_access', apiScope]);

/**
 * The OpenID Provider's endpoints (discovery, authorize, token, JWKS, userinfo, revocation,
 * logout) and the sign-in interaction. oidc-provider is a Koa application: its paths are handed
 * to it untouched (the reply is hijacked, and Fastify's body parsers are off for them, since the
 * provider reads the body itself).
 */
export const oidcRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  await app.register(async (passthrough) => {
    passthrough.removeAllContentTypeParsers();
    passthrough.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const toProvider = async (request: FastifyRequest, reply: FastifyReply) => {
      const service = await oidcServiceFor(runtime);
      // The provider (Koa, proxy mode) reads X-Forwarded-*: give it what Fastify concluded from
      // TRUSTED_PROXIES, so a client that is not a trusted proxy cannot spoof them there either.
      Object.assign(request.raw.headers, {
        'x-forwarded-for': request.ip,
        'x-forwarded-proto': request.protocol,
        'x-forwarded-host': request.host,
      });
      reply.hijack();
      await handlerOf(service.provider())(request.raw, reply.raw);
    };
    for (const url of [discoveryPath, `${oidcPathPrefix}*`]) {
      passthrough.route({ method: [...methods], url, schema: { hide: true }, handler: toProvider });
    }
  });

  await app.register(async (plugin) => {
    const interaction = plugin.withTypeProvider<ZodTypeProvider>();
    interaction.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16 * 1024 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const uidParams = z.object({ uid: z.string().min(1).max(128) });
    const formOrigins = [
      ...new Set(runtime.config.oidc.webRedirectUris.map((uri) => new URL(uri).origin)),
    ].join(' ');

    const sendPage = (reply: FastifyReply, status: number, html: string) =>
      reply
        .code(status)
        .header('cache-control', 'no-store')
        // The form posts here, then the provider redirects to the client's redirect URI.
        .header(
          'content-security-policy',
          `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${formOrigins}; frame-ancestors 'none'`,
        )
        .type('text/html; charset=utf-8')
        .send(html);

    type Details = Awaited<ReturnType<Provider['interactionDetails']>>;
    const param = (details: Details, name: string) => {
      const value = details.params[name];
      return typeof value === 'string' ? value : undefined;
    };
    /** The page for this interaction, in the language asked for, with what was typed. */
    const loginPage = async (
      provider: Provider,
      details: Details,
      request: FastifyRequest,
      options: { choice?: string; email?: string; error?: (language: Language) => string },
    ) => {
      const clientId = String(details.params.client_id);
      const client = await provider.Client.find(clientId);
      const language = signInLanguage(
        options.choice,
        param(details, 'ui_locales'),
        request.headers['accept-language'],
      );
      const redirectUri = param(details, 'redirect_uri');
      return renderLoginPage({
        action: `${interactionPath(details.uid)}/login`,
        clientName: client?.clientName ?? clientId,
        language,
        otherLanguageUrl: `${interactionPath(details.uid)}?lang=${language === 'es' ? 'en' : 'es'}`,
        // The links lead back to the app that asked (one of its registered redirect URIs).
        appOrigin: redirectUri ? new URL(redirectUri).origin : runtime.config.publicUrl,
        email: options.email ?? param(details, 'login_hint'),
        error: options.error?.(language),
      });
    };

    interaction.get(
      '/oauth/interaction/:uid',
      {
        schema: {
          hide: true,
          params: uidParams,
          querystring: z.object({ lang: z.enum(['en', 'es']).optional() }),
        },
      },
      async (request, reply) => {
        const provider = (await oidcServiceFor(runtime)).provider();
        const details = await provider.interactionDetails(request.raw, reply.raw);
        if (details.prompt.name !== 'login') {
          // Signed in already, yet consent is still missing: scopes this client cannot have.
          const redirectTo = await provider.interactionResult(
            request.raw,
            reply.raw,
            {
              error: 'access_denied',
              error_description: 'The requested scope is not available to this client',
            },
            { mergeWithLastSubmission: false },
          );
          return reply.redirect(redirectTo, 303);
        }
        return sendPage(
          reply,
          200,
          await loginPage(provider, details, request, { choice: request.query.lang }),
        );
      },
    );

    interaction.post(
      '/oauth/interaction/:uid/login',
      {
        schema: {
          hide: true,
          params: uidParams,
          body: z.object({
            email: z.string().max(320),
            password: z.string().max(1024),
            lang: z.enum(['en', 'es']).optional(),
          }),
        },
      },
      async (request, reply) => {
        const provider = (await oidcServiceFor(runtime)).provider();
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const clientId = String(details.params.client_id);
        let signedIn: { userId: string; orgId: string };
        try {
          // The same throttling, lockout and answers as POST /api/v1/auth/login.
          const services = identityServices(runtime);
          await checkAuthAttemptLimit(
            runtime,
            'login',
            request.ip,
            services.emailLookup(request.body.email),
          );
          signedIn = await logIn(services, {
            email: request.body.email,
            password: request.body.password,
            ip: request.ip,
            organizationId: organisationAskedFor(param(details, 'organization_id')),
          });
        } catch (error) {
          if (!isAppError(error) || error.status >= 500) throw error;
          const retryAfter = error.details.retryAfterSeconds;
          if (retryAfter !== undefined) {
            void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
          }
          return sendPage(
            reply,
            error.status,
            await loginPage(provider, details, request, {
              choice: request.body.lang,
              email: request.body.email,
              error: (language) =>
                signInFailure(signInTexts[language], {
                  code: error.code,
                  retryAfterSeconds: retryAfter,
                  message: error.message,
                }),
            }),
          );
        }
        // First-party: the built-in web app needs no consent screen; other clients have none.
        // A grant belongs to one person and one organisation for life: signing in to another one (after
        // accepting an invitation) starts a new grant rather than moving the old one's tokens.
        const earlier = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
        const sameOrganisation =
          earlier?.jti !== undefined &&
          earlier.accountId === signedIn.userId &&
          (await grantOrganisation(runtime.db, earlier.jti)) === signedIn.orgId;
        const grant =
          earlier && sameOrganisation
            ? earlier
            : new provider.Grant({ accountId: signedIn.userId, clientId });
        if (clientId === webClientId) {
          // The web app may hold openid, offline_access and api: what the user may do then
          // follows from their role. Anything else requested stays ungranted (see the GET).
          const requested = String(details.params.scope ?? 'openid').split(' ');
          grant.addOIDCScope(requested.filter((scope) => webClientScopes.has(scope)).join(' '));
          grant.addResourceScope(apiAudienceOf(runtime.config), apiScope);
        }
        const grantId = await grant.save();
        await setGrantOrganisation(runtime.db, grantId, signedIn.orgId);
        const redirectTo = await provider.interactionResult(
          request.raw,
          reply.raw,
          { login: { accountId: signedIn.userId }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return reply.redirect(redirectTo, 303);
      },
    );
  });
};

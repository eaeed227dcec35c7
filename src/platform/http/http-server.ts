import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  createSerializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { isoInstantReplacer } from '../iso-instants.js';
import { openApiTransform } from './openapi-idempotency-key.js';
import type { Runtime } from '../runtime.js';
import { authenticationHook } from './authentication.js';
import { corsOptions } from './cors-options.js';
import { idempotencyPlugin } from './idempotency.js';
import { IdempotencyStore } from './idempotency-store.js';
import { drainKeepAliveConnections } from './keep-alive-drain.js';
import { registerRequestPriority } from './request-priority-hook.js';
import { registerSecurityHeaders } from './security-headers.js';
import { sendClientError, sendFrameworkError } from './framework-errors.js';
import { registerUnsafeInputChecks } from './unsafe-input.js';
import { operationsRoutes } from './operations.routes.js';
import { sendProblem, toAppError } from './problem-details.js';
import { sharedRateLimitStore } from './rate-limit-store.js';
import { tlsOptions } from './tls-options.js';
import './auth-context.js';

export type HttpServer = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Answers a GET that no route matched, or returns undefined to let it be a 404. */
export type PageFallback = (
  request: FastifyRequest,
  reply: FastifyReply,
) => FastifyReply | undefined;

declare module 'fastify' {
  interface FastifyInstance {
    setPageFallback(fallback: PageFallback): void;
  }
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

export async function createHttpServer(runtime: Runtime): Promise<HttpServer> {
  const { config, log, metrics } = runtime;
  const app = Fastify({
    https: tlsOptions(config.tls),
    loggerInstance: log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // X-Forwarded-* are believed only from the configured proxies: anyone else could spoof them.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // Requests that reach a connection still open during the drain are served (with
    // `Connection: close`), not refused: the process is still whole until the drain ends.
    return503OnClosing: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      // randomUUID draws from a buffered entropy pool: cheaper per request than a UUIDv7.
      return typeof incoming === 'string' && requestIdPattern.test(incoming)
        ? incoming
        : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false } },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // Timestamps leave as RFC 3339 (`…T09:18:59.123Z`), not PostgreSQL's text form.
  app.setSerializerCompiler(createSerializerCompiler({ replacer: isoInstantReplacer }));
  app.decorateRequest('auth', null);
  // Only the embedded database runs statements on this thread; PostgreSQL needs no priority.
  if (config.database.kind === 'pglite') registerRequestPriority(app);
  registerUnsafeInputChecks(app);

  // Request logs cost half the throughput at info level; they are on only at debug.
  const logRequests = log.isLevelEnabled('debug');
  // The hooks every request passes are callback-style: no promise per hook and request.
  app.addHook('onRequest', (request, reply, done) => {
    metrics.httpInFlight.inc();
    // 'close' fires for every response, also a hijacked stream whose client went away (no onResponse).
    reply.raw.once('close', () => metrics.httpInFlight.dec());
    void reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (logRequests) {
      request.log.debug(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request',
      );
    }
    done();
  });

  // Connections that finish a request after close() began must not stay in keep-alive, or the
  // drain waits for the client's idle timeout instead of ending when the last response is sent.
  // Event streams never end on their own: they end when the shutdown signal fires.
  let closing = false;
  const shutdown = new AbortController();
  app.decorate('shutdownSignal', shutdown.signal);
  // A connection still busy after its share of the shutdown budget (a client that never reads
  // the end of a stream, a hung upstream) must not hold the process: it is cut so shutdown ends.
  const drainTimeoutMs = Math.floor(config.shutdownTimeoutMs * 0.3);
  let forceClose: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    closing = true;
    shutdown.abort();
    forceClose = setTimeout(() => app.server.closeAllConnections(), drainTimeoutMs).unref();
    if (app.server.listening)
      await drainKeepAliveConnections(app.server, Math.min(500, drainTimeoutMs / 3));
  });
  app.addHook('onClose', async () => clearTimeout(forceClose));
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    // A database outage is expected operation (503, the client retries), not a bug to page on.
    if (appError.code === 'dependency_unavailable')
      request.log.warn({ reason: (error as Error).message }, 'dependency unavailable');
    else if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, appError);
  });
  // The web app's client-side routes are GETs no server route matches: a fallback (registered
  // by the web app) may answer them before the 404 problem. A catch-all route would instead
  // swallow what the router refuses (an over-long path parameter must stay a 414).
  let pageFallback: PageFallback | undefined;
  app.decorate('setPageFallback', (fallback: PageFallback) => {
    pageFallback = fallback;
  });
  app.setNotFoundHandler(
    (request, reply) =>
      (request.method === 'GET' ? pageFallback?.(request, reply) : undefined) ??
      sendProblem(
        reply,
        request,
        new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
      ),
  );

  registerSecurityHeaders(app, {
    // The web app and the API docs page load their own scripts and styles (API answers get the
    // stricter set of apiSecurityHeaders).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(cors, corsOptions(config.corsOrigins));
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    store: sharedRateLimitStore(runtime.rateCounter),
    keyGenerator: (request) => `ip:${request.ip}`,
    allowList: (request) => ['/healthz', '/readyz'].includes(request.url),
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
        {
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        },
      ),
  });
  const authenticators = runtime.modules.flatMap((module) =>
    module.authenticator ? [module.authenticator(runtime)] : [],
  );
  if (authenticators.length > 1) throw new Error('Only one module may provide the authenticator');
  app.addHook('onRequest', authenticationHook(authenticators[0]));
  await app.register(idempotencyPlugin, { store: new IdempotencyStore(runtime.db) });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'PromptSales API',
        version: '1.0.0',
        description:
          'PromptContent, PromptAds, PromptCRM and the PromptSales portal. Errors are RFC 9457 problem+json; ' +
          'list endpoints use cursor pagination; POSTs that create accept an Idempotency-Key header.',
      },
      // Relative: "Try it out" calls the origin the docs were loaded from, whichever host name,
      // port or proxy that is (PUBLIC_URL names one of them only).
      servers: [{ url: '/', description: 'The server these docs were loaded from' }],
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: openApiTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Probes only: /metrics is served on the operations port (operations-server.ts).
  await app.register(operationsRoutes, { runtime, metrics: false });
  // Cross-cutting hooks (audit log, per-principal limits) go on the root before any module's
  // routes exist, so they see every route of every module.
  for (const module of runtime.modules) await module.httpHooks?.(app, runtime);
  for (const module of runtime.modules) {
    if (module.routes) await app.register(module.routes, { prefix: '/api/v1', runtime });
    if (module.rootRoutes) await app.register(module.rootRoutes, { runtime });
  }
  return app;
}

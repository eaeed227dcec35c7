import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { AppError } from '../../../platform/errors/app-error.js';
import '../../../platform/http/audit.js';
import type { Runtime } from '../../../platform/runtime.js';
import { AuditWriter } from '../application/audit-writer.js';
import { insertAuditEntries } from '../infrastructure/audit-log.repository.js';

const mutations = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const writers = new WeakMap<Runtime, AuditWriter>();

export function auditWriterFor(runtime: Runtime): AuditWriter {
  let writer = writers.get(runtime);
  if (!writer) {
    writer = new AuditWriter(
      (entries) => insertAuditEntries(runtime.db, entries),
      runtime.log.child({ component: 'audit' }),
    );
    writers.set(runtime, writer);
  }
  return writer;
}

/** The route's resource id: `:id` if it has one, else its last path parameter. */
function targetOf(request: FastifyRequest): string | null {
  const params = request.params as Record<string, unknown> | undefined;
  if (!params) return null;
  if (typeof params.id === 'string') return params.id;
  const values = Object.values(params).filter((v): v is string => typeof v === 'string');
  return values.at(-1) ?? null;
}

/**
 * Every successful mutation under /api/v1, in any module, lands in the audit log: who, which
 * organisation, what (friendly name from `config.audit` or `<METHOD> <route>`), on what, when,
 * from where and in which request. Recording is a push onto an in-memory batch.
 */
function auditHook(runtime: Runtime) {
  const writer = auditWriterFor(runtime);
  // Callback-style hooks here and below: every request passes them, and most leave at once,
  // without the promise an async hook costs.
  return function recordAudit(request: FastifyRequest, reply: FastifyReply, done: () => void) {
    record(request, reply);
    done();
  };

  function record(request: FastifyRequest, reply: FastifyReply) {
    if (!mutations.has(request.method) || reply.statusCode >= 400) return;
    // A POST that only reads (a report query) changes nothing; reads worth a trace, such as
    // exports, name their audit action.
    const { readsOnly, audit } = request.routeOptions.config;
    if (readsOnly && !audit) return;
    const route = request.routeOptions.url;
    if (!route?.startsWith('/api/v1/')) return;
    const context = request.auditContext;
    const orgId = context?.orgId ?? request.auth?.orgId;
    if (!orgId) return;
    writer.record({
      orgId,
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      actor: context?.actor ?? request.auth?.principalId ?? 'anonymous',
      action: audit ?? `${request.method} ${route}`,
      method: request.method,
      route,
      status: reply.statusCode,
      target: context?.target ?? targetOf(request),
      ip: request.ip,
      requestId: request.id,
    });
  }
}

/**
 * Per-principal limit on top of the per-IP one: a token shared across many machines (or a
 * runaway integration) cannot take more than its share, whatever addresses it comes from.
 */
function principalRateLimit(runtime: Runtime) {
  const max = runtime.config.rateLimitPerPrincipalPerMinute;
  return function limitPrincipal(
    request: FastifyRequest,
    reply: FastifyReply,
    done: (error?: Error) => void,
  ) {
    const principal = request.auth?.principalId;
    if (!principal) return done();
    const { count, ttlSeconds } = runtime.rateCounter.hit(`rl-principal:${principal}`, 60);
    if (count <= max) return done();
    void reply.header('x-ratelimit-scope', 'principal');
    const who = principal.startsWith('client:') ? 'API client' : 'user';
    done(
      new AppError(
        'rate_limited',
        `Rate limit of ${max} requests per minute for this ${who} exceeded; retry in ${ttlSeconds} seconds`,
        { retryAfterSeconds: ttlSeconds },
      ),
    );
  };
}

export function identityHttpHooks(app: FastifyInstance, runtime: Runtime): void {
  app.addHook('preHandler', principalRateLimit(runtime));
  app.addHook('onResponse', auditHook(runtime));
  app.addHook('onClose', async () => {
    await auditWriterFor(runtime).flush();
  });
}

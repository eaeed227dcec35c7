import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../platform/runtime.js';
import { assertWritable } from '../application/quota-guard.js';

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a read-only organisation may still do: pay and change its plan, sign in and out. */
const alwaysAllowed = ['/api/v1/billing/', '/api/v1/auth/'];

/**
 * A read-only organisation (a payment overdue past the grace period, or the subscription ended)
 * gets 402 `subscription_past_due` on every write of any module; reads keep working and nothing is
 * deleted. Decided from the cached subscription, like the quota checks.
 */
export function readOnlyHook(app: FastifyInstance, runtime: Runtime): void {
  // Callback style: every request passes here, and a read leaves without allocating a promise.
  app.addHook('preHandler', (request, _reply, done) => {
    if (!request.auth || !writes.has(request.method) || request.routeOptions.config.readsOnly)
      return done();
    const route = request.routeOptions.url ?? '';
    if (!route.startsWith('/api/v1/') || alwaysAllowed.some((prefix) => route.startsWith(prefix)))
      return done();
    assertWritable(runtime, request.auth.orgId).then(() => done(), done);
  });
}

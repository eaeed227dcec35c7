import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Runtime } from '../../../platform/runtime.js';
import { assertFeature } from '../application/feature-guard.js';
import type { Feature } from '../domain/catalogue.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The plan feature the route uses (billing: `feature_not_in_plan` on its writes when the
     * organisation's plan lacks it). Usually set for a whole plugin with `planFeature`.
     */
    feature?: Feature;
  }
}

declare module '../../../platform/mcp/mcp-registry.js' {
  // A merged declaration must repeat the interface's type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface McpToolDefinition<Input extends z.ZodRawShape = z.ZodRawShape> {
    /** The plan feature a write tool uses (billing refuses the call when the plan lacks it). */
    feature?: Feature;
  }
}

/**
 * Declares the plan feature of every route the plugin registers after this call (unless a route
 * names its own `config.feature`). Call it in the plugin that declares the routes, not in a parent
 * plugin: Fastify runs a parent's onRoute hooks first, so the first declaration would win.
 */
export function planFeature(app: FastifyInstance, feature: Feature): void {
  app.addHook('onRoute', (route) => {
    route.config = { feature, ...route.config };
  });
}

/** Creating and changing need the feature; reads, read-only POSTs and deletes never do. */
const featureWrites = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Refuses a write on a route whose plan feature the organisation's plan lacks: 402
 * `feature_not_in_plan`. Reads (and exports, checks: `readsOnly`) and deletes keep working, so
 * an organisation that downgrades keeps every piece of its data. Decided from the cached
 * subscription: no round trip.
 */
export function planFeatureHook(app: FastifyInstance, runtime: Runtime): void {
  // Callback style: every request passes here, and a read leaves without allocating a promise.
  app.addHook('preHandler', (request, _reply, done) => {
    const { feature, readsOnly } = request.routeOptions.config;
    if (!feature || !request.auth || readsOnly || !featureWrites.has(request.method)) return done();
    assertFeature(runtime, request.auth.orgId, feature).then(() => done(), done);
  });
}

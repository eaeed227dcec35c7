import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../../platform/runtime.js';
import { planFeatureHook } from './plan-feature.js';
import { readOnlyHook } from './read-only-hook.js';

/** Billing's rules on every module's routes: read-only when past due, then the plan's features. */
export function billingHooks(app: FastifyInstance, runtime: Runtime): void {
  readOnlyHook(app, runtime);
  planFeatureHook(app, runtime);
}

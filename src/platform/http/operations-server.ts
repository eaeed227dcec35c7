import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Runtime } from '../runtime.js';
import { operationsRoutes } from './operations.routes.js';

/**
 * `/healthz`, `/readyz` and `/metrics` (HTTP latency, in-flight requests, job durations, queue
 * depths, pool) on a port of their own: the worker's only HTTP surface, and the API process's
 * `OPERATIONS_PORT`, so Prometheus scrapes metrics there and not on the public API port.
 */
export async function createOperationsServer(runtime: Runtime): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(operationsRoutes, { runtime, metrics: true });
  return app;
}

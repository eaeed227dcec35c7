import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Runtime } from '../runtime.js';
import { operationsRoutes } from './operations.routes.js';

/**
 * The worker's only HTTP surface: `/healthz`, `/readyz` and `/metrics` (job durations, queue
 * depths, pool), so Kubernetes can probe it and Prometheus can scrape it like an API pod.
 */
export async function createOperationsServer(runtime: Runtime): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(operationsRoutes, { runtime });
  return app;
}

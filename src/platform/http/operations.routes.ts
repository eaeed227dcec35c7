import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Runtime } from '../runtime.js';

const healthResponse = z.object({ status: z.literal('ok') });
const readinessResponse = z.object({
  status: z.enum(['ready', 'degraded', 'unavailable']),
  checks: z.object({
    database: z.enum(['up', 'down']),
    cache: z.enum(['redis', 'memory', 'redis-unreachable']),
  }),
});

/**
 * Liveness, readiness and Prometheus metrics: what Kubernetes and the scraper call. Metrics are
 * served only where `metrics` is set (the operations port): they describe the platform's insides
 * (routes, queues, pool) and are nobody's business on the public API port.
 */
export const operationsRoutes: FastifyPluginAsyncZod<{
  runtime: Runtime;
  metrics: boolean;
}> = async (app, { runtime, metrics }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is up',
        response: { 200: healthResponse },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers (and Redis, when configured)',
        response: { 200: readinessResponse, 503: readinessResponse },
      },
    },
    async (_request, reply) => {
      const database = await runtime.database.ping().then(
        () => 'up' as const,
        () => 'down' as const,
      );
      const cacheUp = await runtime.cache.ping();
      const cache = cacheUp ? runtime.cache.backend() : ('redis-unreachable' as const);
      // Redis down degrades (the app serves from the database); a database down is not ready.
      const status = database === 'down' ? 'unavailable' : cacheUp ? 'ready' : 'degraded';
      return reply
        .code(database === 'down' ? 503 : 200)
        .send({ status, checks: { database, cache } });
    },
  );

  if (!metrics) return;
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const pool = runtime.database.poolStats();
    const depths = await runtime.jobs.queueDepths().catch(() => []);
    const extra = [
      '# HELP db_pool_connections Database pool connections by state',
      '# TYPE db_pool_connections gauge',
      `db_pool_connections{state="total"} ${pool.total}`,
      `db_pool_connections{state="idle"} ${pool.idle}`,
      `db_pool_connections{state="waiting"} ${pool.waiting}`,
      '# HELP job_queue_depth Jobs waiting or running per queue',
      '# TYPE job_queue_depth gauge',
      ...depths.flatMap((d) => [
        `job_queue_depth{queue="${d.queue}",state="queued"} ${d.queued}`,
        `job_queue_depth{queue="${d.queue}",state="active"} ${d.active}`,
      ]),
    ].join('\n');
    const body = `${await runtime.metrics.registry.metrics()}\n${extra}\n`;
    return reply.type(runtime.metrics.registry.contentType).send(body);
  });
};

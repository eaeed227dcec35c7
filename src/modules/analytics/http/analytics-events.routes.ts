import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../../platform/http/authentication.js';
import { streamEvents, type ServerSentEvent } from '../../../platform/http/server-sent-events.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { dataVersion } from '../application/data-version.js';

/**
 * How often a stream looks at the organisation's data version. The version is answered from
 * the process's own copy for a second (see data-version.ts), so a look costs no round trip.
 */
const checkEveryMs = 2_000;

/**
 * `GET /analytics/events`: the organisation's data version as server-sent events, so a dashboard
 * refetches its reports when an ETL run or a live-refresh event changed the figures, instead of
 * polling every report.
 */
export function analyticsEventRoutes(app: FastifyInstance, runtime: Runtime): void {
  app.get(
    '/analytics/events',
    {
      preHandler: requirePermission('analytics:read'),
      schema: {
        tags: ['analytics'],
        summary:
          "Server-sent events: `data-version` with the organisation's data version, first at once, then whenever its figures change",
        description:
          'Each event is `{ "dataVersion": n }`. The version keys the query cache: a new one means a report may answer differently, so refetch it.',
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      await streamEvents(request, reply, stream);

      async function* stream(signal: AbortSignal): AsyncIterable<ServerSentEvent> {
        let seen = await dataVersion(runtime, orgId);
        yield { event: 'data-version', data: { dataVersion: seen } };
        while (!signal.aborted) {
          await sleep(checkEveryMs, undefined, { signal }).catch(() => undefined);
          if (signal.aborted) return;
          const current = await dataVersion(runtime, orgId);
          if (current === seen) continue;
          seen = current;
          yield { event: 'data-version', data: { dataVersion: current } };
        }
      }
    },
  );
}

import { planFeature } from '../../billing/index.js';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../../platform/http/authentication.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmServicesFor } from '../application/crm-services.js';
import { exportContacts } from '../application/export-contacts.js';
import { csvHeader, csvLine, exportColumns } from '../domain/contact-export.js';
import { isSynced, syncRunners } from '../application/sync-runners.js';
import { syncMappings, syncProviders } from '../domain/crm-sync.js';
import { notConfigured } from '../infrastructure/crm-sync-adapters.js';
import { connectedProviders } from '../infrastructure/sync-connections.repository.js';
import { latestSyncRuns } from '../infrastructure/sync-state.repository.js';
import { listOf } from '../../../platform/http/pagination.js';
import { contactFilterOf, contactListQuery, contactSortOf } from './contact-list-query.js';
import { syncRunSchema, syncRunView } from './sync-views.js';

async function* csvOf(batches: AsyncGenerator<Parameters<typeof csvLine>[0][]>) {
  yield csvHeader();
  for await (const batch of batches) yield batch.map(csvLine).join('');
}

async function* jsonOf(batches: AsyncGenerator<unknown[]>) {
  let first = true;
  yield '[';
  for await (const batch of batches) {
    for (const record of batch) {
      yield `${first ? '' : ','}\n${JSON.stringify(record)}`;
      first = false;
    }
  }
  yield '\n]\n';
}

const providerSchema = z.object({
  provider: z.enum(syncProviders),
  configured: z.boolean(),
  object: z.string(),
  mapping: z.record(z.string(), z.string()),
});

/** Runs listed: the latest, enough to see a pattern of failures. */
const runsListed = 50;

/**
 * Moving contacts in and out: CSV/JSON export (CSV import lives in imports.routes.ts), the sync
 * providers with their mappings, a sync on demand and its runs (HubSpot and Salesforce once
 * connected: hubspot.routes.ts, salesforce.routes.ts).
 */
export const integrationRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  app.get(
    '/contacts/export',
    {
      // Every contact's personal data leaves in one file: people who change contacts only.
      preHandler: requirePermission('crm:write'),
      config: { readsOnly: true, audit: 'crm.contacts_exported' },
      schema: {
        tags: ['crm'],
        summary:
          'Export contacts as CSV or JSON with the list’s filters, name search and sort (streamed; the CSV imports back unchanged)',
        description: `Columns: ${exportColumns.join(', ')}. Lists (tags, interests, consent) are separated by ";" in CSV and arrays in JSON. Erased and merged contacts are left out.`,
        querystring: contactListQuery.extend({ format: z.enum(['csv', 'json']).default('csv') }),
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const filter = contactFilterOf(query, crmServicesFor(runtime).crypto);
      const batches = exportContacts(runtime, tenantOf(request), filter, contactSortOf(query));
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-disposition', `attachment; filename="contacts-${day}.${format}"`)
        .header('cache-control', 'no-store')
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .send(Readable.from(format === 'csv' ? csvOf(batches) : jsonOf(batches)));
    },
  );

  app.get(
    '/integrations',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'CRM sync providers (HubSpot, Salesforce, Zendesk): status and field mapping',
        response: { 200: z.object({ object: z.literal('list'), data: z.array(providerSchema) }) },
      },
    },
    async (request) => {
      const connected = await connectedProviders(runtime.db, tenantOf(request), syncProviders);
      return {
        object: 'list' as const,
        data: syncProviders.map((provider) => ({
          provider,
          configured: isSynced(provider) && connected.includes(provider),
          object: syncMappings[provider].object,
          mapping: syncMappings[provider].fields as Record<string, string>,
        })),
      };
    },
  );

  app.post(
    '/integrations/:provider/sync',
    {
      preHandler: requirePermission('crm:write'),
      config: { audit: 'crm.integration_synced' },
      schema: {
        tags: ['crm'],
        summary:
          "Sync the organisation's contacts with the provider now (HubSpot contacts, Salesforce Leads): its changes in, ours out (422 `unprocessable` with `configured: false` until it is connected)",
        description:
          'Answers the sync run (also listed by `GET /integrations/{provider}/sync-runs`). A run that met errors answers 200 with `status: failed` and the errors.',
        params: z.object({ provider: z.enum(syncProviders) }),
        response: { 200: syncRunSchema },
      },
    },
    async (request) => {
      const { provider } = request.params;
      const run = isSynced(provider)
        ? await syncRunners[provider](runtime, tenantOf(request), 'manual')
        : undefined;
      if (!run) throw notConfigured(provider);
      return syncRunView(run);
    },
  );

  app.get(
    '/integrations/:provider/sync-runs',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: `The latest ${runsListed} sync runs with the provider (scheduled, on demand, erasures) with counts and errors, newest first`,
        params: z.object({ provider: z.enum(syncProviders) }),
        response: { 200: listOf(syncRunSchema) },
      },
    },
    async (request) => {
      const rows = await latestSyncRuns(
        runtime.db,
        tenantOf(request),
        request.params.provider,
        runsListed,
      );
      return {
        object: 'list' as const,
        data: rows.map(syncRunView),
        has_more: false,
        next_cursor: null,
      };
    },
  );
};

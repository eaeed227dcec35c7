import { assertWithinQuota, planFeature } from '../../billing/index.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../../../platform/errors/app-error.js';
import { authOf, requirePermission } from '../../../platform/http/authentication.js';
import { streamEvents, type ServerSentEvent } from '../../../platform/http/server-sent-events.js';
import { tenantOf } from '../../../platform/http/tenant.js';
import type { Runtime } from '../../../platform/runtime.js';
import { crmServicesFor } from '../application/crm-services.js';
import { importContactsJob } from '../application/import-contacts.job.js';
import { importColumns } from '../domain/csv-row.js';
import { findImport, insertImport, type ImportRow } from '../infrastructure/imports.repository.js';
import { idParams } from './crm-schemas.js';

/** Largest CSV accepted in one import. */
const maxCsvBytes = 10 * 1024 * 1024;

const importSchema = z.object({
  id: z.string(),
  object: z.literal('contact_import'),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  total_rows: z.number(),
  processed_rows: z.number(),
  created: z.number(),
  updated: z.number(),
  rejected_count: z.number(),
  rejected_rows: z
    .array(z.object({ row: z.number(), reasons: z.array(z.string()) }))
    .describe('Line numbers as a spreadsheet shows them (header = 1); the first 1,000'),
  created_at: z.string(),
  updated_at: z.string(),
});

function importResource(row: ImportRow): z.infer<typeof importSchema> {
  return {
    id: row.id,
    object: 'contact_import',
    status: row.status as z.infer<typeof importSchema>['status'],
    total_rows: row.totalRows,
    processed_rows: row.processedRows,
    created: row.createdCount,
    updated: row.updatedCount,
    rejected_count: row.rejectedCount,
    rejected_rows: row.rejected,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const finished = new Set(['completed', 'failed']);

/** CSV import: 202 with a job resource; progress by polling or server-sent events. */
export const importRoutes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (
  app,
  { runtime },
) => {
  planFeature(app, 'crm');
  const importJob = importContactsJob(runtime);
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: maxCsvBytes },
    (_r, body, done) => done(null, { csv: body as string }),
  );

  app.post(
    '/contact-imports',
    {
      preHandler: requirePermission('crm:write'),
      config: { idempotent: true, audit: 'crm.contacts_imported' },
      bodyLimit: maxCsvBytes + 1024,
      schema: {
        tags: ['crm'],
        summary: 'Import contacts from CSV (asynchronous; upsert by email or phone)',
        description: `Send \`text/csv\` or JSON \`{"csv": "..."}\`. The header row names the columns: ${importColumns.join(', ')} (others are ignored; lists separated by ";"). Answers 202 with the import to poll, or follow \`/contact-imports/{id}/events\`.`,
        body: z.object({
          csv: z
            .string()
            .min(1)
            .max(maxCsvBytes)
            .refine((text) => /[\r\n]/.test(text.trim()) || text.includes(','), {
              message: 'must be CSV text with a header row',
            }),
        }),
        response: { 202: importSchema },
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const header = request.body.csv
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/, 1)[0]!
        .toLowerCase();
      if (!/\b(email|phone)\b/.test(header))
        throw AppError.validation('The header row needs an email or a phone column', [
          { field: 'body.csv', message: 'header must include email or phone' },
        ]);
      // Every data row may become a contact (those matching one by email or phone merge): an
      // import that could take the organisation past its plan is refused before it starts.
      const rows = request.body.csv.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
      await assertWithinQuota(runtime, orgId, 'crm_contacts', Math.max(rows, 0));
      const row = await runtime.db.transaction(async (tx) => {
        const inserted = await insertImport(tx, {
          orgId,
          id: uuidv7(),
          status: 'queued',
          contentEncrypted: crmServicesFor(runtime).crypto.encrypt(request.body.csv),
          createdBy: authOf(request).principalId,
        });
        await runtime.jobs.send(importJob, { orgId, importId: inserted.id }, { transaction: tx });
        return inserted;
      });
      request.auditContext = { target: row.id };
      return reply.status(202).send(importResource(row));
    },
  );

  app.get(
    '/contact-imports/:id',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Progress and report of a contact import',
        params: idParams,
        response: { 200: importSchema },
      },
    },
    async (request) => {
      const row = await findImport(runtime.db, tenantOf(request), request.params.id);
      if (!row) throw AppError.notFound('Import', request.params.id);
      return importResource(row);
    },
  );

  app.get(
    '/contact-imports/:id/events',
    {
      preHandler: requirePermission('crm:read'),
      schema: {
        tags: ['crm'],
        summary: 'Progress of a contact import as server-sent events',
        description:
          'Events `progress` (the import resource) whenever it changes; the stream ends after `completed` or `failed`.',
        params: idParams,
      },
    },
    async (request, reply) => {
      const orgId = tenantOf(request);
      const first = await findImport(runtime.db, orgId, request.params.id);
      if (!first) throw AppError.notFound('Import', request.params.id);
      await streamEvents(request, reply, (signal) => progress(first, signal));

      async function* progress(
        initial: ImportRow,
        signal: AbortSignal,
      ): AsyncIterable<ServerSentEvent> {
        let row: ImportRow | undefined = initial;
        let last = '';
        while (row && !signal.aborted) {
          const marker = `${row.status}:${row.processedRows}`;
          if (marker !== last) {
            last = marker;
            yield { event: 'progress', id: marker, data: importResource(row) };
          }
          if (finished.has(row.status)) return;
          await sleep(250, undefined, { signal }).catch(() => undefined);
          row = await findImport(runtime.db, orgId, initial.id);
        }
      }
    },
  );
};

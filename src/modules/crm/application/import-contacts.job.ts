import { parse } from 'csv-parse/sync';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../../platform/jobs/job-definition.js';
import type { Runtime } from '../../../platform/runtime.js';
import { checkImportRow, type ImportedContact } from '../domain/csv-row.js';
import { nameKey } from '../domain/contact-identity.js';
import type { MessageChannel } from '../domain/crm-events.js';
import { findOrCreateCompanyByName } from '../infrastructure/companies.repository.js';
import { upsertConsents } from '../infrastructure/consents.repository.js';
import type { RejectedRow } from '../infrastructure/crm.tables.js';
import { findImport, updateImport } from '../infrastructure/imports.repository.js';
import { captureLead } from './capture-lead.js';
import { crmServicesFor } from './crm-services.js';

const payload = z.object({ orgId: z.uuid(), importId: z.uuid() });
export type ImportContactsPayload = z.infer<typeof payload>;

/** Rows written per transaction; progress is reported after each batch. */
const batchSize = 250;
/** Rejected rows kept in the report (the count is always complete). */
export const rejectedReportLimit = 1000;

export const importContactsQueue = {
  name: 'crm.import-contacts',
  payload,
  retryLimit: 2,
  retryDelaySeconds: 5,
  concurrency: 2,
  // Long jobs that arrive one by one: each import gets a poller of its own, so a second one
  // starts while the first runs.
  pollers: 2,
  expireInSeconds: 1800,
} as const;

/** Parses the whole CSV (header row first); a malformed file fails the import with the reason. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, {
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
    bom: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

async function importBatch(
  runtime: Runtime,
  orgId: string,
  rows: { line: number; contact: ImportedContact }[],
): Promise<{ created: number; updated: number }> {
  return runtime.db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const { contact } of rows) {
      const companyId = contact.company
        ? await findOrCreateCompanyByName(
            tx,
            orgId,
            contact.company,
            nameKey(contact.company),
            uuidv7(),
          )
        : undefined;
      const captured = await captureLead(
        runtime,
        tx,
        orgId,
        {
          firstName: contact.firstName,
          lastName: contact.lastName,
          email: contact.email,
          phone: contact.phone,
          companyId,
          country: contact.country,
          city: contact.city,
          language: contact.language,
          birthYear: contact.birthYear,
          gender: contact.gender,
          tags: contact.tags,
          interests: contact.interests,
          medium: contact.utm.medium,
          utm: contact.utm,
        },
        { source: 'csv_import', upsert: true },
      );
      if (captured.created) created++;
      else updated++;
      await upsertConsents(
        tx,
        contact.consents.map((channel) => ({
          orgId,
          contactId: captured.contact.id,
          channel: channel as MessageChannel,
          status: 'granted',
          source: 'csv_import',
        })),
      );
    }
    return { created, updated };
  });
}

/**
 * Imports a CSV: each valid row upserts a contact by email/phone hash; invalid rows are reported
 * with their line and reasons. Progress is written after every batch (polling and SSE read it).
 * A redelivered import restarts from the beginning: upserts make that harmless.
 */
export function importContactsJob(runtime: Runtime): JobDefinition<ImportContactsPayload> {
  return defineJob({
    ...importContactsQueue,
    async handle({ orgId, importId }) {
      const row = await findImport(runtime.db, orgId, importId);
      if (!row || !row.contentEncrypted || row.status === 'completed') return;
      let records: Record<string, string>[];
      try {
        records = parseCsv(crmServicesFor(runtime).crypto.decrypt(row.contentEncrypted));
      } catch (error) {
        await updateImport(runtime.db, orgId, importId, {
          status: 'failed',
          contentEncrypted: null,
          rejected: [
            { row: 0, reasons: [`the file is not valid CSV: ${(error as Error).message}`] },
          ],
        });
        return;
      }
      await updateImport(runtime.db, orgId, importId, {
        status: 'running',
        totalRows: records.length,
        processedRows: 0,
        createdCount: 0,
        updatedCount: 0,
        rejected: [],
      });
      const rejected: RejectedRow[] = [];
      let rejectedCount = 0;
      let created = 0;
      let updated = 0;
      for (let start = 0; start < records.length; start += batchSize) {
        const valid: { line: number; contact: ImportedContact }[] = [];
        records.slice(start, start + batchSize).forEach((record, offset) => {
          // Line numbers as a spreadsheet shows them: the header is line 1.
          const line = start + offset + 2;
          const check = checkImportRow(record);
          if (check.ok) valid.push({ line, contact: check.contact });
          else {
            rejectedCount++;
            if (rejected.length < rejectedReportLimit)
              rejected.push({ row: line, reasons: check.reasons });
          }
        });
        const counts = await importBatch(runtime, orgId, valid);
        created += counts.created;
        updated += counts.updated;
        await updateImport(runtime.db, orgId, importId, {
          processedRows: Math.min(start + batchSize, records.length),
          createdCount: created,
          updatedCount: updated,
          rejectedCount,
          rejected,
        });
      }
      await updateImport(runtime.db, orgId, importId, {
        status: 'completed',
        contentEncrypted: null,
      });
    },
  });
}

import { and, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../../platform/runtime.js';
import type { ExportedContact } from '../domain/contact-export.js';
import { consentsOf } from '../infrastructure/consents.repository.js';
import {
  contactSortValue,
  listContacts,
  type ContactFilter,
  type ContactPage,
  type ContactRow,
} from '../infrastructure/contacts.repository.js';
import { companies } from '../infrastructure/crm.tables.js';
import { viewOf } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

const batchSize = 1_000;

/**
 * The organisation's contacts (erased and merged ones left out) as export records, with the
 * list's filters, search and order, a batch at a time in keyset order, so an export of any size
 * streams in constant memory.
 */
export async function* exportContacts(
  runtime: Runtime,
  orgId: string,
  filter: ContactFilter,
  sort: ContactPage['sort'] = { field: 'created', descending: true },
): AsyncGenerator<ExportedContact[]> {
  let after: ContactPage['after'];
  for (;;) {
    const rows = await listContacts(runtime.db, orgId, filter, { sort, after, limit: batchSize });
    if (rows.length === 0) return;
    yield await exportRecordsOf(runtime, orgId, rows);
    if (rows.length < batchSize) return;
    const last = rows.at(-1)!;
    after = { value: contactSortValue(last, sort.field), id: last.id };
  }
}

/** Contact rows as export records: decrypted, with their company's name and granted consents. */
export async function exportRecordsOf(
  runtime: Runtime,
  orgId: string,
  rows: readonly ContactRow[],
): Promise<ExportedContact[]> {
  const crypto = crmServicesFor(runtime).crypto;
  const ids = rows.map((row) => row.id);
  const companyIds = [...new Set(rows.map((row) => row.companyId).filter((id) => id !== null))];
  const [consentRows, companyRows] = await Promise.all([
    consentsOf(runtime.db, orgId, ids),
    companyIds.length === 0
      ? []
      : runtime.db
          .select({ id: companies.id, name: companies.name })
          .from(companies)
          .where(and(eq(companies.orgId, orgId), inArray(companies.id, companyIds))),
  ]);
  const companyName = new Map(companyRows.map((row) => [row.id, row.name]));
  const granted = new Map<string, string[]>();
  for (const consent of consentRows)
    if (consent.status === 'granted')
      granted.set(consent.contactId, [...(granted.get(consent.contactId) ?? []), consent.channel]);
  return rows.map((row) => {
    const view = viewOf(row, crypto);
    return {
      id: view.id,
      first_name: view.firstName,
      last_name: view.lastName,
      email: view.email,
      phone: view.phone,
      company: row.companyId ? (companyName.get(row.companyId) ?? null) : null,
      country: view.country,
      city: view.city,
      language: view.language,
      birth_year: view.birthYear,
      gender: view.gender,
      tags: view.tags,
      interests: view.interests,
      consent: (granted.get(row.id) ?? []).sort(),
      utm_source: view.utm.source ?? null,
      utm_medium: view.utm.medium ?? null,
      utm_campaign: view.utm.campaign ?? null,
      lifecycle_stage: view.lifecycleStage,
      classification: view.classification,
      source: view.source,
      score: view.score,
      campaign_id: view.campaignId,
      created_at: new Date(view.createdAt).toISOString(),
    };
  });
}

import { uuidv7 } from 'uuidv7';
import type { Database } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors/app-error.js';
import type { Runtime } from '../../../platform/runtime.js';
import { classifyLead } from '../domain/contact-identity.js';
import {
  crmEventTypes,
  type ContactUpdatedPayload,
  type LeadCapturedPayload,
  type LeadSource,
} from '../domain/crm-events.js';
import { findCompany } from '../infrastructure/companies.repository.js';
import {
  findContactsByHashes,
  insertContact,
  updateContactColumns,
  type ContactRow,
} from '../infrastructure/contacts.repository.js';
import { columnsOf, lookupHashesOf, type ContactInput } from './contact-fields.js';
import { crmServicesFor } from './crm-services.js';

export interface CaptureOptions {
  source: LeadSource;
  /** Match an existing contact by email or phone hash and update it instead of creating one. */
  upsert: boolean;
  conversion?: { id: string; kind: string; valueMinor: number };
}

export interface Captured {
  contact: ContactRow;
  created: boolean;
}

async function assertCompany(tx: Database, orgId: string, companyId: string | null | undefined) {
  if (companyId && !(await findCompany(tx, orgId, companyId)))
    throw AppError.validation('The company does not exist', [
      { field: 'body.company_id', message: 'is not a company of this organisation' },
    ]);
}

/**
 * Fills what the existing contact lacks: empty fields take the new values, tags and interests are
 * united, and the first touch's attribution (source, UTM, campaign, ad) is kept.
 */
function upsertColumns(existing: ContactRow, incoming: Partial<ContactRow>): Partial<ContactRow> {
  const changes: Record<string, unknown> = {};
  const keepFirst = new Set(['source', 'medium', 'utm', 'campaignId', 'adId', 'classification']);
  for (const [key, value] of Object.entries(incoming)) {
    if (value === undefined || value === null) continue;
    const current = (existing as Record<string, unknown>)[key];
    if (key === 'tags' || key === 'interests') {
      const union = [...new Set([...(current as string[]), ...(value as string[])])];
      if (union.length !== (current as string[]).length) changes[key] = union;
    } else if (key === 'utm') {
      if (Object.keys(existing.utm).length === 0 && Object.keys(value as object).length > 0)
        changes[key] = value;
    } else if (current === null || (current === undefined && !keepFirst.has(key))) {
      changes[key] = value;
    }
  }
  return changes as Partial<ContactRow>;
}

/**
 * Registers a lead from any source in the caller's transaction: classified on arrival, matched to
 * an existing person by email or phone hash when `upsert`, and announced as `crm.lead-captured`
 * (plus `crm.contact-updated` when an existing contact gained fields).
 */
export async function captureLead(
  runtime: Runtime,
  tx: Database,
  orgId: string,
  input: ContactInput,
  options: CaptureOptions,
): Promise<Captured> {
  const crypto = crmServicesFor(runtime).crypto;
  await assertCompany(tx, orgId, input.companyId);
  const columns = columnsOf(input, crypto);
  const classification =
    input.classification ??
    classifyLead({
      source: options.source,
      hasEmail: Boolean(columns.emailHash),
      hasPhone: Boolean(columns.phoneHash),
      conversionKind: options.conversion?.kind,
      conversionValueMinor: options.conversion?.valueMinor,
      attributedToCampaign: Boolean(input.campaignId),
    });
  const existing = options.upsert
    ? (await findContactsByHashes(tx, orgId, lookupHashesOf(input, crypto)))[0]
    : undefined;

  let contact: ContactRow;
  let created: boolean;
  if (existing) {
    const changes = upsertColumns(existing, { ...columns, classification });
    // A warmer signal upgrades the classification; a colder one never downgrades it.
    const rank = { cold: 0, warm: 1, hot: 2 } as Record<string, number>;
    if ((rank[classification] ?? 0) > (rank[existing.classification] ?? 0))
      changes.classification = classification;
    contact =
      Object.keys(changes).length > 0
        ? (await updateContactColumns(tx, orgId, existing.id, changes))!
        : existing;
    created = false;
    if (Object.keys(changes).length > 0)
      await runtime.events.publish<ContactUpdatedPayload>(tx, {
        type: crmEventTypes.contactUpdated,
        orgId,
        payload: { orgId, contactId: contact.id, changed: Object.keys(changes) },
      });
  } else {
    contact = await insertContact(tx, {
      ...columns,
      orgId,
      id: uuidv7(),
      source: input.source ?? options.source,
      classification,
    });
    created = true;
  }
  await runtime.events.publish<LeadCapturedPayload>(tx, {
    type: crmEventTypes.leadCaptured,
    orgId,
    payload: {
      orgId,
      contactId: contact.id,
      source: options.source,
      created,
      classification: contact.classification,
      campaignId: contact.campaignId,
      adId: contact.adId,
      ...(options.conversion ? { conversionId: options.conversion.id } : {}),
    },
  });
  return { contact, created };
}

/** Changes the fields a caller names; publishes `crm.contact-updated` with their names. */
export async function updateContact(
  runtime: Runtime,
  tx: Database,
  orgId: string,
  contactId: string,
  input: ContactInput,
): Promise<ContactRow> {
  const crypto = crmServicesFor(runtime).crypto;
  await assertCompany(tx, orgId, input.companyId);
  const columns = columnsOf(input, crypto);
  const row = await updateContactColumns(tx, orgId, contactId, columns);
  if (!row || row.erasedAt) throw AppError.notFound('Contact', contactId);
  await runtime.events.publish<ContactUpdatedPayload>(tx, {
    type: crmEventTypes.contactUpdated,
    orgId,
    payload: { orgId, contactId, changed: Object.keys(input) },
  });
  return row;
}

import type { ExportedContact } from './contact-export.js';
import { toProviderRecord, type PulledField, type PulledFields } from './crm-sync.js';

/**
 * How a contact travels to Salesforce as a Lead and back: the fields of the Salesforce mapping
 * (crm-sync.ts) written as Lead fields, those that are plain contact fields here, and SOQL's
 * literals.
 */

/** A Lead as a SOQL query answers it (fields not selected are absent; empty ones are null). */
export interface SalesforceLead {
  Id: string;
  Email?: string | null;
  LastModifiedDate?: string | null;
  [field: string]: unknown;
}

/**
 * Salesforce requires LastName and Company on a Lead; a contact without them here still goes
 * there with this placeholder, and the placeholder never comes back as a value.
 */
export const notProvided = '[not provided]';

/** The Lead fields a Salesforce change may set here, by field. */
const pulledFields = {
  FirstName: 'firstName',
  LastName: 'lastName',
  Phone: 'phone',
  City: 'city',
  Country: 'country',
} as const satisfies Record<string, PulledField>;

/** The Lead fields a pull selects. */
export const leadQueryFields = ['Id', 'Email', 'LastModifiedDate', ...Object.keys(pulledFields)];

/**
 * When Salesforce last changed the Lead (epoch ms). Salesforce writes `+0000`, which
 * `Date.parse` does not read without the colon.
 */
export function salesforceModifiedAt(lead: SalesforceLead): number | undefined {
  const value = lead.LastModifiedDate?.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** The fields the Lead holds differently from ours: what applying its change would set. */
export function leadChanges(lead: SalesforceLead, ours: PulledFields): PulledFields {
  const changes: PulledFields = {};
  for (const [name, field] of Object.entries(pulledFields) as [string, PulledField][]) {
    if (!(name in lead)) continue;
    const raw = lead[name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    const theirs = value && value !== notProvided ? value : null;
    if (theirs !== (ours[field] ?? null)) changes[field] = theirs;
  }
  return changes;
}

/**
 * Our lifecycle stages as the standard Lead Status values. A customer is left out: a Lead becomes
 * converted only through Salesforce's lead conversion, never by writing its Status.
 */
const leadStatuses: Record<string, string> = {
  lead: 'Open - Not Contacted',
  qualified: 'Working - Contacted',
  opportunity: 'Working - Contacted',
  lost: 'Closed - Not Converted',
};

/** Our classification as the standard Rating values. */
const ratings: Record<string, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };

/**
 * A contact with an email as the fields of a Lead, empty ones left out (an update leaves them as
 * Salesforce has them); undefined without an email (the match key).
 */
export function leadFieldsOf(contact: ExportedContact): Record<string, string> | undefined {
  if (!contact.email) return undefined;
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(toProviderRecord('salesforce', contact)))
    fields[field] = Array.isArray(value) ? value.join(';') : String(value);
  const status = fields.Status ? leadStatuses[fields.Status] : undefined;
  if (status) fields.Status = status;
  else delete fields.Status;
  const rating = fields.Rating ? ratings[fields.Rating] : undefined;
  if (rating) fields.Rating = rating;
  else delete fields.Rating;
  return fields;
}

/**
 * A new Lead's fields: Salesforce refuses a Lead without LastName or Company, so the placeholder
 * stands in. Only on create: an update without them leaves Salesforce's values as they are.
 */
export function newLeadFields(fields: Record<string, string>): Record<string, string> {
  return { LastName: notProvided, Company: notProvided, ...fields };
}

/** A SOQL string literal: backslash and quote escaped, as SOQL requires. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A SOQL datetime literal (UTC, whole seconds: SOQL takes no fraction). */
export function soqlDateTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

import type { ExportedContact } from './contact-export.js';
import { toProviderRecord, type PulledField, type PulledFields } from './crm-sync.js';

/**
 * How a contact travels to HubSpot and back: the properties of the HubSpot mapping (crm-sync.ts)
 * HubSpot accepts on write, those that are plain contact fields here, and the conflict rule.
 */

/** A contact as HubSpot's CRM v3 objects API answers it (properties are strings or null). */
export interface HubSpotContact {
  id: string;
  properties: Record<string, string | null>;
}

/** The contact fields a HubSpot change may set here, by HubSpot property. */
const pulledProperties = {
  firstname: 'firstName',
  lastname: 'lastName',
  phone: 'phone',
  city: 'city',
  country: 'country',
} as const satisfies Record<string, PulledField>;

/** The HubSpot properties a search must ask for to apply a change here. */
export const hubspotSearchProperties = [
  'email',
  'lastmodifieddate',
  ...Object.keys(pulledProperties),
];

/** When HubSpot last changed the contact (epoch ms), from `lastmodifieddate`. */
export function hubspotModifiedAt(contact: HubSpotContact): number | undefined {
  const value = contact.properties.lastmodifieddate;
  const at = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/** The fields HubSpot holds differently from ours: what applying its change would set. */
export function pulledChanges(contact: HubSpotContact, ours: PulledFields): PulledFields {
  const changes: PulledFields = {};
  for (const [property, field] of Object.entries(pulledProperties) as [string, PulledField][]) {
    if (!(property in contact.properties)) continue;
    const theirs = contact.properties[property]?.trim() || null;
    if (theirs !== (ours[field] ?? null)) changes[field] = theirs;
  }
  return changes;
}

/**
 * Properties HubSpot computes itself (original source, HubSpot score): a write to them is refused
 * with a 400, so the mapping shows them but the push leaves them out.
 */
const readOnlyProperties = new Set([
  'hubspotscore',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
]);

/**
 * HubSpot's lifecycle stages are an enumeration of its own; a stage it does not know would fail
 * the whole batch.
 */
const lifecycleStages: Record<string, string> = {
  lead: 'lead',
  qualified: 'salesqualifiedlead',
  opportunity: 'opportunity',
  customer: 'customer',
  lost: 'other',
};

/** A contact with an email as the properties of a HubSpot upsert by email; undefined without one. */
export function hubspotPropertiesOf(contact: ExportedContact): Record<string, string> | undefined {
  if (!contact.email) return undefined;
  const properties: Record<string, string> = {};
  for (const [property, value] of Object.entries(toProviderRecord('hubspot', contact))) {
    if (readOnlyProperties.has(property)) continue;
    properties[property] = Array.isArray(value) ? value.join(';') : String(value);
  }
  if (properties.lifecyclestage)
    properties.lifecyclestage = lifecycleStages[properties.lifecyclestage] ?? 'other';
  return properties;
}

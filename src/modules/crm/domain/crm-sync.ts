import type { ExportedContact } from './contact-export.js';

/**
 * Two-way sync with another CRM or help desk: a field mapping per provider between our contact
 * export record and its object. The mapping is data, documented in docs/crm.md; HubSpot's
 * (hubspot-contact.ts) and Salesforce's (salesforce-lead.ts) are used by a sync, Zendesk's is shown
 * until its adapter exists.
 */
export const syncProviders = ['hubspot', 'salesforce', 'zendesk'] as const;
export type SyncProvider = (typeof syncProviders)[number];

export interface SyncTarget {
  /** The provider's name for the object a contact becomes. */
  object: string;
  /** Our field → the provider's property. Lists are sent joined with ";". */
  fields: Partial<Record<keyof ExportedContact, string>>;
}

export const syncMappings: Record<SyncProvider, SyncTarget> = {
  // HubSpot CRM v3 objects/contacts properties (internal names).
  hubspot: {
    object: 'contacts',
    fields: {
      first_name: 'firstname',
      last_name: 'lastname',
      email: 'email',
      phone: 'phone',
      company: 'company',
      city: 'city',
      country: 'country',
      lifecycle_stage: 'lifecyclestage',
      utm_source: 'hs_analytics_source_data_1',
      utm_campaign: 'hs_analytics_source_data_2',
      score: 'hubspotscore',
    },
  },
  // Salesforce sObject Lead (standard fields; LeadSource takes our source).
  salesforce: {
    object: 'Lead',
    fields: {
      first_name: 'FirstName',
      last_name: 'LastName',
      email: 'Email',
      phone: 'Phone',
      company: 'Company',
      city: 'City',
      country: 'Country',
      source: 'LeadSource',
      classification: 'Rating',
      lifecycle_stage: 'Status',
    },
  },
  // Zendesk Support users (end users); tags travel as Zendesk tags.
  zendesk: {
    object: 'users',
    fields: {
      email: 'email',
      phone: 'phone',
      language: 'locale',
      tags: 'tags',
      id: 'external_id',
    },
  },
};

/** A contact as the provider's object (its property names and values). */
export type ProviderRecord = Record<string, string | number | string[]>;

/** A contact as the provider's object: mapped properties only, empty values left out. */
export function toProviderRecord(provider: SyncProvider, contact: ExportedContact): ProviderRecord {
  const record: ProviderRecord = {};
  const { fields } = syncMappings[provider];
  for (const [ours, theirs] of Object.entries(fields) as [keyof ExportedContact, string][]) {
    const value = contact[ours];
    if (value === null || (Array.isArray(value) && value.length === 0)) continue;
    record[theirs] = value;
  }
  // Zendesk requires a name; the others take first and last name as their own fields.
  if (provider === 'zendesk')
    record.name = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || 'Unknown';
  return record;
}

/** The contact fields a provider's change may set here (the same for every provider today). */
export type PulledField = 'firstName' | 'lastName' | 'phone' | 'city' | 'country';
export type PulledFields = Partial<Record<PulledField, string | null>>;

/**
 * Last writer wins: the provider's change applies only when it is newer than our last change of
 * the contact. On a tie ours is kept, since the push that follows makes both sides equal again.
 */
export function theirsWins(theirsModifiedAt: number, oursUpdatedAt: number): boolean {
  return theirsModifiedAt > oursUpdatedAt;
}

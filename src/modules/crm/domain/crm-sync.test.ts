import { describe, expect, it } from 'vitest';
import type { ExportedContact } from './contact-export.js';
import { syncMappings, syncProviders, toProviderRecord } from './crm-sync.js';

const contact: ExportedContact = {
  id: '01a24b8f-8d78-7f5d-ac79-196ec5236d81',
  first_name: 'Ana',
  last_name: 'Mora',
  email: 'ana@example.test',
  phone: '+50688887777',
  company: 'Café Aurora',
  country: 'CR',
  city: null,
  language: 'es',
  birth_year: null,
  gender: null,
  tags: ['vip'],
  interests: [],
  consent: [],
  utm_source: 'instagram',
  utm_medium: null,
  utm_campaign: null,
  lifecycle_stage: 'lead',
  classification: 'hot',
  source: 'ads',
  score: 81,
  campaign_id: null,
  created_at: '2026-12-06T13:00:00.000Z',
};

describe('CRM sync mappings', () => {
  it('maps a contact to a HubSpot contact, leaving empty values out', () => {
    expect(toProviderRecord('hubspot', contact)).toEqual({
      firstname: 'Ana',
      lastname: 'Mora',
      email: 'ana@example.test',
      phone: '+50688887777',
      company: 'Café Aurora',
      country: 'CR',
      lifecyclestage: 'lead',
      hs_analytics_source_data_1: 'instagram',
      hubspotscore: 81,
    });
  });

  it('maps to a Salesforce Lead and a Zendesk user (which needs a name)', () => {
    expect(toProviderRecord('salesforce', contact)).toMatchObject({
      LastName: 'Mora',
      Company: 'Café Aurora',
      LeadSource: 'ads',
      Rating: 'hot',
    });
    expect(toProviderRecord('zendesk', contact)).toEqual({
      name: 'Ana Mora',
      email: 'ana@example.test',
      phone: '+50688887777',
      locale: 'es',
      tags: ['vip'],
      external_id: contact.id,
    });
    expect(
      toProviderRecord('zendesk', { ...contact, first_name: null, last_name: null }).name,
    ).toBe('Unknown');
  });

  it('maps every provider to a distinct property per field', () => {
    for (const provider of syncProviders) {
      const properties = Object.values(syncMappings[provider].fields);
      expect(new Set(properties).size).toBe(properties.length);
    }
  });
});

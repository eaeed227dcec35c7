import { describe, expect, it } from 'vitest';
import type { ExportedContact } from './contact-export.js';
import {
  leadChanges,
  leadFieldsOf,
  newLeadFields,
  notProvided,
  salesforceModifiedAt,
  soqlDateTime,
  soqlString,
} from './salesforce-lead.js';

describe('Salesforce Leads', () => {
  const contact: ExportedContact = {
    id: 'c1',
    first_name: 'Ana',
    last_name: null,
    email: 'ana@example.test',
    phone: null,
    company: null,
    country: 'CR',
    city: 'San José',
    language: null,
    birth_year: null,
    gender: null,
    tags: [],
    interests: [],
    consent: [],
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    lifecycle_stage: 'customer',
    classification: 'hot',
    source: 'web_form',
    score: 80,
    campaign_id: null,
    created_at: '2026-12-01T00:00:00.000Z',
  };

  it('writes standard Rating and Status values, no converted Status, and the required LastName and Company as a placeholder on create only', () => {
    expect(newLeadFields({ ...leadFieldsOf(contact), Company: 'Volta' })).toMatchObject({
      LastName: notProvided,
      Company: 'Volta',
    });
    expect(leadFieldsOf(contact)).toEqual({
      FirstName: 'Ana',
      Email: 'ana@example.test',
      City: 'San José',
      Country: 'CR',
      LeadSource: 'web_form',
      Rating: 'Hot',
    });
    expect(leadFieldsOf({ ...contact, lifecycle_stage: 'lead' })?.Status).toBe(
      'Open - Not Contacted',
    );
    expect(leadFieldsOf({ ...contact, email: null })).toBeUndefined();
  });

  it('brings back only what differs, never the placeholder, and nothing the query left out', () => {
    const lead = {
      Id: '00Q1',
      Email: 'ana@example.test',
      LastName: notProvided,
      City: ' Heredia ',
    };
    expect(leadChanges(lead, { lastName: null, city: 'San José' })).toEqual({ city: 'Heredia' });
    expect(leadChanges({ ...lead, LastName: 'Mora' }, {})).toEqual({
      lastName: 'Mora',
      city: 'Heredia',
    });
  });

  it('reads Salesforce times and writes SOQL literals', () => {
    expect(
      salesforceModifiedAt({ Id: '1', LastModifiedDate: '2026-12-07T23:00:01.000+0000' }),
    ).toBe(Date.parse('2026-12-07T23:00:01Z'));
    expect(salesforceModifiedAt({ Id: '1', LastModifiedDate: null })).toBeUndefined();
    expect(soqlDateTime(Date.parse('2026-12-07T23:00:01.750Z'))).toBe('2026-12-07T23:00:01Z');
    expect(soqlString("o'hara\\x@example.test")).toBe("'o\\'hara\\\\x@example.test'");
  });
});

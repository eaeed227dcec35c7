import { describe, expect, it } from 'vitest';
import type { ExportedContact } from './contact-export.js';
import { theirsWins } from './crm-sync.js';
import { hubspotModifiedAt, hubspotPropertiesOf, pulledChanges } from './hubspot-contact.js';

describe('HubSpot contact changes', () => {
  const contact = {
    id: '101',
    properties: {
      email: 'ana@example.test',
      firstname: 'Ana',
      lastname: ' Mora ',
      phone: '',
      lastmodifieddate: '2026-12-07T10:00:00.000Z',
    },
  };

  it('sets only the mapped fields HubSpot holds differently, blanks as null', () => {
    expect(
      pulledChanges(contact, { firstName: 'Ana', lastName: null, phone: '+50688881111' }),
    ).toEqual({
      lastName: 'Mora',
      phone: null,
    });
  });

  it('leaves alone the properties the search did not return', () => {
    expect(pulledChanges({ id: '1', properties: {} }, { city: 'San José' })).toEqual({});
  });

  it('reads the modification time, and none from a missing or bad date', () => {
    expect(hubspotModifiedAt(contact)).toBe(Date.parse('2026-12-07T10:00:00.000Z'));
    expect(
      hubspotModifiedAt({ id: '1', properties: { lastmodifieddate: 'soon' } }),
    ).toBeUndefined();
  });

  it('lets the newer side win and keeps ours on a tie', () => {
    expect(theirsWins(2000, 1000)).toBe(true);
    expect(theirsWins(1000, 2000)).toBe(false);
    expect(theirsWins(1000, 1000)).toBe(false);
  });

  const exported: ExportedContact = {
    id: '0190f5c4-0000-7000-8000-000000000001',
    first_name: 'Ana',
    last_name: null,
    email: 'ana@example.test',
    phone: null,
    company: 'Café Aurora',
    country: 'CR',
    city: null,
    language: 'es',
    birth_year: null,
    gender: null,
    tags: [],
    interests: [],
    consent: [],
    utm_source: 'instagram',
    utm_medium: null,
    utm_campaign: null,
    lifecycle_stage: 'qualified',
    classification: 'warm',
    source: 'api',
    score: 71,
    campaign_id: null,
    created_at: '2026-12-07T10:00:00.000Z',
  };

  it('pushes the writable mapped properties, lifecycle stages as HubSpot names them', () => {
    expect(hubspotPropertiesOf(exported)).toEqual({
      firstname: 'Ana',
      email: 'ana@example.test',
      company: 'Café Aurora',
      country: 'CR',
      lifecyclestage: 'salesqualifiedlead',
    });
  });

  it('pushes nobody without an email, the key HubSpot matches on', () => {
    expect(hubspotPropertiesOf({ ...exported, email: null })).toBeUndefined();
  });
});

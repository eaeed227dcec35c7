import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine, type ExportedContact } from './contact-export.js';

const contact: ExportedContact = {
  id: '01a24b8f-8d78-7f5d-ac79-196ec5236d81',
  first_name: 'Ana, "la jefa"',
  last_name: 'Mora',
  email: 'ana@example.test',
  phone: '+50688887777',
  company: null,
  country: 'CR',
  city: 'San José',
  language: 'es',
  birth_year: 1990,
  gender: null,
  tags: ['vip', 'coffee'],
  interests: [],
  consent: ['email'],
  utm_source: 'instagram',
  utm_medium: null,
  utm_campaign: null,
  lifecycle_stage: 'lead',
  classification: 'warm',
  source: 'ads',
  score: 72,
  campaign_id: null,
  created_at: '2026-12-06T13:00:00.000Z',
};

describe('contact export', () => {
  it('quotes fields with commas, quotes and line breaks, and joins lists with ";"', () => {
    expect(csvField('Ana, "la jefa"')).toBe('"Ana, ""la jefa"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(['vip', 'coffee'])).toBe('vip;coffee');
    expect(csvField(null)).toBe('');
    expect(csvField(72)).toBe('72');
  });

  it('defuses spreadsheet formulas but keeps phone numbers', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('+1+cmd|calc')).toBe("'+1+cmd|calc");
    expect(csvField('+506 8888-7777')).toBe('+506 8888-7777');
  });

  it('writes one CRLF-terminated line per contact under the header', () => {
    expect(csvHeader().startsWith('id,first_name,last_name,email,phone,')).toBe(true);
    const line = csvLine(contact);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toContain('"Ana, ""la jefa""",Mora,ana@example.test,+50688887777,,CR');
    expect(line).toContain('vip;coffee,,email,instagram');
  });
});

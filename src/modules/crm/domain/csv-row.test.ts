import { describe, expect, it } from 'vitest';
import { checkImportRow } from './csv-row.js';

describe('CSV import rows', () => {
  it('reads a complete row into a contact', () => {
    const result = checkImportRow({
      first_name: ' Ana ',
      email: 'Ana@Example.com',
      phone: '+506 8888 1234',
      country: 'cr',
      birth_year: '1990',
      tags: 'VIP; webinar',
      consent: 'email|sms',
      utm_source: 'fair',
    });
    expect(result).toEqual({
      ok: true,
      contact: expect.objectContaining({
        firstName: 'Ana',
        email: 'ana@example.com',
        phone: '+50688881234',
        country: 'CR',
        birthYear: 1990,
        tags: ['vip', 'webinar'],
        consents: ['email', 'sms'],
        utm: { source: 'fair' },
      }),
    });
  });

  it('gives every reason a row is rejected', () => {
    const result = checkImportRow({
      email: 'nope',
      phone: '12',
      country: 'Costa Rica',
      birth_year: '19x0',
      consent: 'fax',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reasons).toHaveLength(5);
    expect(checkImportRow({ first_name: 'No identifier' })).toEqual({
      ok: false,
      reasons: ['email or phone is required'],
    });
  });
});

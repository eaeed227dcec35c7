import { describe, expect, it } from 'vitest';
import { answersOfMetaLead } from './meta-lead.js';

describe('Meta Lead Ads answers', () => {
  it('reads the standard questions and splits a full name at its first space', () => {
    expect(
      answersOfMetaLead({
        id: '900',
        created_time: '2026-12-07T10:20:30+0000',
        field_data: [
          { name: 'email', values: ['ana@example.com'] },
          { name: 'full_name', values: ['Ana  María Solís'] },
          { name: 'phone_number', values: ['+50688881234'] },
          { name: 'preferred_model', values: ['City'] },
        ],
      }),
    ).toEqual({
      email: 'ana@example.com',
      phone: '+50688881234',
      firstName: 'Ana',
      lastName: 'María Solís',
    });
  });

  it('prefers separate first and last names, and leaves unasked questions empty', () => {
    expect(
      answersOfMetaLead({
        id: '901',
        created_time: '2026-12-07T10:20:30+0000',
        field_data: [
          { name: 'FIRST_NAME', values: ['Ana'] },
          { name: 'last_name', values: [' '] },
        ],
      }),
    ).toEqual({
      email: null,
      phone: null,
      firstName: 'Ana',
      lastName: null,
    });
  });
});

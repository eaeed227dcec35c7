import { describe, expect, it } from 'vitest';
import { isoInstantReplacer, withIsoInstants } from './iso-instants.js';

describe('ISO 8601 instants in tool results', () => {
  it('rewrites PostgreSQL timestamptz text anywhere in a result, and nothing else', () => {
    expect(
      withIsoInstants({
        createdAt: '2026-12-07 09:18:59.123+00',
        nested: [{ at: '2026-12-07 10:00:00+01' }, { at: '2026-12-07 10:00:00-05:30' }],
        day: '2026-12-07',
        iso: '2026-12-07T09:18:59.123Z',
        text: 'Meet on 2026-12-07 09:18:59+00 sharp',
        count: 3,
        none: null,
      }),
    ).toEqual({
      createdAt: '2026-12-07T09:18:59.123Z',
      nested: [{ at: '2026-12-07T09:00:00.000Z' }, { at: '2026-12-07T15:30:00.000Z' }],
      day: '2026-12-07',
      iso: '2026-12-07T09:18:59.123Z',
      text: 'Meet on 2026-12-07 09:18:59+00 sharp',
      count: 3,
      none: null,
    });
  });
});

describe('ISO 8601 instants in API answers', () => {
  it('turns every PostgreSQL instant of an answer into RFC 3339 when serialised', () => {
    const answer = {
      created_at: '2026-12-07 23:12:43.509+00',
      data: [{ joined_at: '2026-12-07 23:12:43+00', name: 'Olivia', day: '2026-12-07' }],
    };
    expect(JSON.parse(JSON.stringify(answer, isoInstantReplacer))).toEqual({
      created_at: '2026-12-07T23:12:43.509Z',
      data: [{ joined_at: '2026-12-07T23:12:43.000Z', name: 'Olivia', day: '2026-12-07' }],
    });
  });
});

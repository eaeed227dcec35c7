import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import {
  rulesFromAudiences,
  segmentFields,
  segmentRulesSchema,
  type SegmentRules,
} from '../domain/segment-rules.js';
import { compileRules, likePattern, type FieldColumns } from './segment-sql.js';

const columns = Object.fromEntries(
  Object.keys(segmentFields).map((field) => [field, sql.raw(`c.${field}`)]),
) as FieldColumns;
const dialect = new PgDialect();
const compile = (rules: SegmentRules) => dialect.sqlToQuery(compileRules(rules, columns));

describe('segment rules compiled to SQL', () => {
  it('compiles to SQL whose values are all bound parameters', () => {
    const hostile = "x' or 1=1; drop table crm.contacts; --";
    const query = compile({
      match: 'any',
      conditions: [
        { field: 'city', op: 'eq', value: hostile },
        { field: 'source', op: 'contains', value: '50%_off' },
        {
          match: 'all',
          conditions: [
            { field: 'country', op: 'in', value: ['cr', 'mx'] },
            { field: 'age', op: 'between', value: [25, 40] },
            { field: 'interests', op: 'in', value: ['Running'] },
            { field: 'created_at', op: 'gte', value: '2026-01-01' },
          ],
        },
      ],
    });
    expect(query.sql).not.toContain('drop');
    expect(query.sql).toBe(
      '(c.city = $1 or c.source ilike $2 or (c.country in ($3, $4) and c.age between $5 and $6' +
        ' and c.interests && array[$7]::text[] and c.created_at >= $8::timestamptz))',
    );
    expect(query.params).toEqual([
      hostile,
      '%50\\%\\_off%',
      'CR',
      'MX',
      25,
      40,
      'running',
      '2026-01-01',
    ]);
  });

  it('reads exists, neq and an empty rule set as a user would', () => {
    expect(compile({ match: 'all', conditions: [] }).sql).toBe('true');
    expect(
      compile({
        match: 'all',
        conditions: [
          { field: 'tags', op: 'exists', value: false },
          { field: 'lifecycle', op: 'neq', value: 'customer' },
        ],
      }).sql,
    ).toBe("(not (cardinality(coalesce(c.tags, '{}')) > 0) and c.lifecycle is distinct from $1)");
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
  });

  it('turns campaign audiences into an OR of AND groups', () => {
    const rules = rulesFromAudiences([
      { name: 'Runners', countries: ['cr'], ageMin: 20, ageMax: 35, interests: ['Running'] },
      { name: 'Everyone', countries: [], ageMin: 18, ageMax: 65, interests: [] },
    ]);
    expect(segmentRulesSchema.safeParse(rules).success).toBe(true);
    expect(compile(rules).sql).toBe(
      '((c.country in ($1) and c.age between $2 and $3 and c.interests && array[$4]::text[])' +
        ' or (c.age between $5 and $6))',
    );
  });
});

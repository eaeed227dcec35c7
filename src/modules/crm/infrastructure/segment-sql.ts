import { sql, type SQL } from 'drizzle-orm';
import {
  isGroup,
  segmentFields,
  type SegmentCondition,
  type SegmentField,
  type SegmentGroup,
  type SegmentRules,
} from '../domain/segment-rules.js';

/** The SQL expression that reads each field of the contact row being tested. */
export type FieldColumns = Record<SegmentField, SQL>;

/**
 * Compiles validated rules to one SQL boolean expression over the contact row. Every value is a
 * bound parameter (drizzle's `sql` template); only column expressions chosen by the code, never
 * text from the request, become SQL text. An empty group is TRUE for `all` and FALSE for `any`
 * except at the top, where "no conditions" means every contact.
 */
export function compileRules(rules: SegmentRules, columns: FieldColumns): SQL {
  if (rules.conditions.length === 0) return sql`true`;
  return compileGroup(rules, columns);
}

function compileGroup(group: SegmentRules | SegmentGroup, columns: FieldColumns): SQL {
  const parts = group.conditions.map((entry) =>
    isGroup(entry) ? compileGroup(entry, columns) : compileCondition(entry, columns),
  );
  if (parts.length === 0) return group.match === 'all' ? sql`true` : sql`false`;
  return sql`(${sql.join(parts, group.match === 'all' ? sql` and ` : sql` or `)})`;
}

/** Values as the contact rows store them: countries upper-case, interests and tags lower-case. */
function normalise(field: SegmentField, value: string | number): string | number {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (field === 'country') return trimmed.toUpperCase();
  if (segmentFields[field] === 'list') return trimmed.toLowerCase();
  return trimmed;
}

const list = (values: readonly (string | number)[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

/** LIKE metacharacters in a user's text are matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

export function compileCondition(condition: SegmentCondition, columns: FieldColumns): SQL {
  const column = columns[condition.field];
  const kind = segmentFields[condition.field];
  const raw = condition.value;
  const values = (Array.isArray(raw) ? raw : [raw])
    .filter((value): value is string | number => typeof value !== 'boolean' && value !== undefined)
    .map((value) => normalise(condition.field, value));
  const typed = (value: string | number) =>
    kind === 'time' ? sql`${value}::timestamptz` : sql`${value}`;
  const first = values[0]!;

  switch (condition.op) {
    case 'exists': {
      const present =
        kind === 'list'
          ? sql`cardinality(coalesce(${column}, '{}')) > 0`
          : sql`${column} is not null`;
      return raw === false ? sql`not (${present})` : present;
    }
    case 'eq':
      return sql`${column} = ${typed(first)}`;
    case 'neq':
      // A missing value is "not equal" too, as a user of the rule builder would expect.
      return sql`${column} is distinct from ${typed(first)}`;
    case 'in':
      if (kind === 'list') return sql`${column} && array[${list(values)}]::text[]`;
      return sql`${column} in (${list(values)})`;
    case 'contains':
      if (kind === 'list') return sql`${column} @> array[${list(values)}]::text[]`;
      return sql`${column} ilike ${likePattern(String(first))}`;
    case 'gte':
      return sql`${column} >= ${typed(first)}`;
    case 'lte':
      return sql`${column} <= ${typed(first)}`;
    case 'between':
      return sql`${column} between ${typed(values[0]!)} and ${typed(values[1]!)}`;
  }
}

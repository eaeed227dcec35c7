import { z } from 'zod';

/**
 * The segment rule language: a group of conditions matched `all` (AND) or `any` (OR); a group may
 * hold conditions and one level of nested groups (`(a AND b) OR (c AND d)`), which is what the
 * rule builder offers. Rules are data: they are validated here and compiled to parameterised SQL
 * in infrastructure/segment-sql.ts, never concatenated into SQL text.
 */

/** The kind of each contact field decides which operators and values it accepts. */
export const segmentFields = {
  country: 'text',
  city: 'text',
  age: 'number',
  gender: 'text',
  interests: 'list',
  tags: 'list',
  language: 'text',
  lifecycle: 'text',
  score: 'number',
  source: 'text',
  utm_source: 'text',
  utm_medium: 'text',
  utm_campaign: 'text',
  utm_content: 'text',
  utm_term: 'text',
  campaign: 'text',
  created_at: 'time',
} as const;

export type SegmentField = keyof typeof segmentFields;
export type FieldKind = (typeof segmentFields)[SegmentField];

export const segmentOperators = [
  'eq',
  'neq',
  'in',
  'contains',
  'gte',
  'lte',
  'between',
  'exists',
] as const;
export type SegmentOperator = (typeof segmentOperators)[number];

const operatorsByKind: Record<FieldKind, readonly SegmentOperator[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  // A list field (interests, tags): `contains` = has every value, `in` = has any of them.
  list: ['contains', 'in', 'exists'],
  number: ['eq', 'neq', 'in', 'gte', 'lte', 'between', 'exists'],
  time: ['gte', 'lte', 'between', 'exists'],
};

export const maxConditions = 50;
const maxListValues = 500;

const scalar = z.union([z.string().max(200), z.number()]);
const conditionValue = z.union([scalar, z.boolean(), z.array(scalar).max(maxListValues)]);

export const segmentConditionSchema = z
  .object({
    field: z.enum(Object.keys(segmentFields) as [SegmentField, ...SegmentField[]]),
    op: z.enum(segmentOperators),
    value: conditionValue
      .optional()
      .describe(
        'A string or number; a list for `in` (and for `contains` on interests/tags); [min, max] for `between`; true/false (default true) for `exists`',
      ),
  })
  .superRefine((condition, context) => {
    const problem = conditionProblem(condition);
    if (problem) context.addIssue({ code: 'custom', path: ['value'], message: problem });
  });

export type SegmentCondition = z.infer<typeof segmentConditionSchema>;

export const segmentGroupSchema = z.object({
  match: z.enum(['all', 'any']),
  conditions: z.array(segmentConditionSchema).max(maxConditions),
});

export const segmentRulesSchema = z
  .object({
    match: z.enum(['all', 'any']).describe('`all`: every entry holds; `any`: at least one does'),
    conditions: z
      .array(z.union([segmentConditionSchema, segmentGroupSchema]))
      .max(maxConditions)
      .describe('Conditions and nested groups; an empty list matches every contact'),
  })
  .superRefine((rules, context) => {
    if (countConditions(rules) > maxConditions)
      context.addIssue({
        code: 'custom',
        path: ['conditions'],
        message: `at most ${maxConditions} conditions in all`,
      });
  });

export type SegmentGroup = z.infer<typeof segmentGroupSchema>;
export type SegmentRules = z.infer<typeof segmentRulesSchema>;

export function isGroup(entry: SegmentCondition | SegmentGroup): entry is SegmentGroup {
  return 'match' in entry;
}

export function countConditions(rules: SegmentRules): number {
  return rules.conditions.reduce(
    (total, entry) => total + (isGroup(entry) ? entry.conditions.length : 1),
    0,
  );
}

const isNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);
const isTime = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));

/** Why a condition's operator or value does not suit its field, or undefined when it does. */
export function conditionProblem(condition: {
  field: SegmentField;
  op: SegmentOperator;
  value?: unknown;
}): string | undefined {
  const kind = segmentFields[condition.field];
  const { op, value } = condition;
  if (!operatorsByKind[kind].includes(op))
    return `${op} does not apply to ${condition.field}; use one of ${operatorsByKind[kind].join(', ')}`;
  if (op === 'exists')
    return value === undefined || typeof value === 'boolean'
      ? undefined
      : 'exists takes true, false or nothing';
  const single = kind === 'number' ? isNumber : kind === 'time' ? isTime : isText;
  const expected =
    kind === 'number' ? 'a number' : kind === 'time' ? 'an ISO date or date-time' : 'a string';
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2 || !value.every(single))
      return `between takes [min, max], each ${expected}`;
    const [low, high] = value as (number | string)[];
    const ordered =
      kind === 'time' ? Date.parse(String(low)) <= Date.parse(String(high)) : low! <= high!;
    return ordered ? undefined : 'between takes [min, max] with min ≤ max';
  }
  if (op === 'in' || (op === 'contains' && kind === 'list')) {
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || !values.every(single))
      return `${op} takes ${expected} or a non-empty list of them`;
    return undefined;
  }
  return single(value) ? undefined : `${op} on ${condition.field} takes ${expected}`;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/** The audiences of a campaign request, as the portal describes them. */
export interface CampaignAudience {
  name: string;
  countries: string[];
  ageMin: number;
  ageMax: number;
  interests: string[];
}

/**
 * A campaign request's audiences as one rule set: a contact belongs when it fits any audience
 * (its country is one of the audience's, its age within range, and — when the audience names
 * interests — it shares at least one).
 */
export function rulesFromAudiences(audiences: readonly CampaignAudience[]): SegmentRules {
  return {
    match: 'any',
    conditions: audiences.map((audience) => {
      const conditions: SegmentCondition[] = [
        { field: 'age', op: 'between', value: [audience.ageMin, audience.ageMax] },
      ];
      if (audience.countries.length > 0)
        conditions.unshift({
          field: 'country',
          op: 'in',
          value: audience.countries.map((country) => country.toUpperCase()),
        });
      if (audience.interests.length > 0)
        conditions.push({
          field: 'interests',
          op: 'in',
          value: audience.interests.map((interest) => interest.trim().toLowerCase()),
        });
      return { match: 'all', conditions };
    }),
  };
}

import { describe, expect, it } from 'vitest';
import { segmentRulesSchema, type SegmentField } from './segment-rules.js';

describe('segment rules', () => {
  it('accepts a nested rule set and refuses operators and values that do not fit the field', () => {
    const good = segmentRulesSchema.safeParse({
      match: 'all',
      conditions: [
        { field: 'country', op: 'in', value: ['CR', 'MX'] },
        { field: 'age', op: 'between', value: [25, 40] },
        {
          match: 'any',
          conditions: [
            { field: 'interests', op: 'contains', value: 'running' },
            { field: 'tags', op: 'exists' },
          ],
        },
      ],
    });
    expect(good.success).toBe(true);

    const cases: { field: SegmentField; op: string; value?: unknown }[] = [
      { field: 'age', op: 'contains', value: 'x' },
      { field: 'age', op: 'between', value: [40, 25] },
      { field: 'age', op: 'gte', value: 'old' },
      { field: 'created_at', op: 'gte', value: 'yesterday' },
      { field: 'country', op: 'in', value: [] },
      { field: 'interests', op: 'eq', value: 'running' },
      { field: 'city', op: 'exists', value: 'yes' },
    ];
    for (const condition of cases) {
      const result = segmentRulesSchema.safeParse({ match: 'all', conditions: [condition] });
      expect(result.success, JSON.stringify(condition)).toBe(false);
    }
  });
});

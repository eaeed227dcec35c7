import { describe, expect, it } from 'vitest';
import { queryErrors, reportQuerySchema } from './report-query.js';

const parse = (body: unknown) => reportQuerySchema.parse(body);
const range = { from: '2026-01-01', to: '2026-01-31' };
const everyone = new Set(['marketing', 'sales'] as const);

describe('report query validation', () => {
  it('accepts a query with defaults', () => {
    const query = parse({ metrics: ['clicks'], dateRange: range });
    expect(query).toMatchObject({ dimensions: [], filters: [], orderBy: [], limit: 100 });
    expect(queryErrors(query, everyone)).toEqual([]);
  });

  it('refuses metrics and dimensions outside the catalogue', () => {
    expect(reportQuerySchema.safeParse({ metrics: ['profit'], dateRange: range }).success).toBe(
      false,
    );
    expect(
      reportQuerySchema.safeParse({ metrics: ['clicks'], dimensions: ['planet'], dateRange: range })
        .success,
    ).toBe(false);
  });

  it('refuses marketing metrics to a role that reads only CRM ones', () => {
    const query = parse({ metrics: ['leads', 'spend'], dateRange: range });
    expect(queryErrors(query, new Set(['sales'] as const))).toEqual([
      expect.objectContaining({ field: 'metrics.1' }),
    ]);
  });

  it('refuses reversed and over-long ranges', () => {
    expect(
      queryErrors(
        parse({ metrics: ['clicks'], dateRange: { from: '2026-02-01', to: '2026-01-01' } }),
        everyone,
      ),
    ).toEqual([expect.objectContaining({ field: 'dateRange.to' })]);
    expect(
      queryErrors(
        parse({
          metrics: ['clicks'],
          dateRange: range,
          compareDateRange: { from: '2020-01-01', to: '2026-01-01' },
        }),
        everyone,
      ),
    ).toEqual([expect.objectContaining({ field: 'compareDateRange.to' })]);
  });

  it('refuses filter values of the wrong shape and orderBy on what was not asked', () => {
    const query = parse({
      metrics: ['spend'],
      dimensions: ['channel'],
      filters: [{ dimension: 'country', values: ['Spain'] }],
      orderBy: [{ field: 'clicks' }, { field: 'spend' }],
      dateRange: range,
    });
    expect(queryErrors(query, everyone).map((error) => error.field)).toEqual([
      'filters.0.values',
      'orderBy.0.field',
      'orderBy.1.currency',
    ]);
  });
});

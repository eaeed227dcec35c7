import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { encodeCursor } from './pagination.js';
import { parseSort, sortCursor, sortPositionOf, sortValues } from './sorting.js';

describe('list sorting', () => {
  it('offers each field ascending and descending', () => {
    expect(sortValues(['created', 'name'])).toEqual(['created', '-created', 'name', '-name']);
  });

  it('reads a leading minus as descending', () => {
    expect(parseSort('-score')).toEqual({ field: 'score', descending: true, value: '-score' });
    expect(parseSort('name')).toEqual({ field: 'name', descending: false, value: 'name' });
  });

  it('continues after the last row of a page in the same order', () => {
    const sort = parseSort('-score');
    const cursor = encodeCursor(sortCursor(sort, 87, '01900000-0000-7000-8000-000000000001'));
    expect(sortPositionOf(cursor, sort)).toEqual({
      value: 87,
      id: '01900000-0000-7000-8000-000000000001',
    });
    expect(sortPositionOf(undefined, sort)).toBeUndefined();
  });

  it('refuses a cursor issued for another order, which would skip or repeat rows', () => {
    const cursor = encodeCursor(
      sortCursor(parseSort('name'), 'maria lopez', '01900000-0000-7000-8000-000000000001'),
    );
    expect(() => sortPositionOf(cursor, parseSort('-name'))).toThrow(AppError);
    expect(() => sortPositionOf('not-a-cursor', parseSort('name'))).toThrow(/cursor/);
  });
});

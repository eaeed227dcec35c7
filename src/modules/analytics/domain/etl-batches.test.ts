import { describe, expect, it } from 'vitest';
import { etlBatches } from './etl-batches.js';

const scopes = (...rows: number[]) => rows.map((count, index) => ({ id: index, rows: count }));
const ids = (batches: { id: number }[][]) => batches.map((batch) => batch.map((s) => s.id));

describe('ETL batches', () => {
  it('holds at most maxScopes scopes', () => {
    expect(ids(etlBatches(scopes(1, 1, 1, 1, 1), 2, 1_000))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('holds at most maxRows changed rows, and a larger scope alone', () => {
    expect(ids(etlBatches(scopes(400, 400, 300, 2_000, 10), 500, 1_000))).toEqual([
      [0, 1],
      [2],
      [3],
      [4],
    ]);
  });

  it('makes no batch of nothing', () => {
    expect(etlBatches([], 500, 1_000)).toEqual([]);
  });
});

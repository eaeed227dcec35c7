import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { encodeCursor, idCursor, listPage } from './pagination.js';

const ids = [
  '0193a5b0-0000-7000-8000-000000000005',
  '0193a5b0-0000-7000-8000-000000000004',
  '0193a5b0-0000-7000-8000-000000000003',
];

/** Rows newest first after `after`, as a repository reads them; records what it was asked. */
function table() {
  const asked: { after: string | undefined; limit: number }[] = [];
  return {
    asked,
    async rows(page: { after: { id: string } | undefined; limit: number }) {
      asked.push({ after: page.after?.id, limit: page.limit });
      const from = page.after ? ids.indexOf(page.after.id) + 1 : 0;
      return ids.slice(from, from + page.limit).map((id) => ({ id }));
    },
  };
}

describe('listPage', () => {
  it('reads one row more than the page and hands the next page its cursor', async () => {
    const source = table();
    const spec = {
      cursor: idCursor,
      rows: source.rows,
      item: (row: { id: string }) => row.id,
      position: (row: { id: string }) => ({ id: row.id }),
    };
    const first = await listPage({ limit: 2 }, spec);
    expect(first).toEqual({
      object: 'list',
      data: ids.slice(0, 2),
      has_more: true,
      next_cursor: encodeCursor({ id: ids[1]! }),
    });
    const second = await listPage({ limit: 2, cursor: first.next_cursor ?? undefined }, spec);
    expect(second).toMatchObject({ data: [ids[2]], has_more: false, next_cursor: null });
    expect(source.asked).toEqual([
      { after: undefined, limit: 3 },
      { after: ids[1], limit: 3 },
    ]);
  });

  it('reads the cursor with a reader of its own when given one', async () => {
    const source = table();
    const page = await listPage(
      { limit: 5, cursor: 'from-the-reader' },
      {
        cursor: (cursor) => (cursor === 'from-the-reader' ? { id: ids[0]! } : undefined),
        rows: source.rows,
        item: (row) => row.id,
        position: (row) => ({ id: row.id }),
      },
    );
    expect(page.data).toEqual(ids.slice(1));
  });

  it('refuses a cursor this list did not issue, before reading anything', async () => {
    const source = table();
    const bad = listPage(
      { limit: 2, cursor: encodeCursor({ i: ids[0]! }) },
      { cursor: idCursor, rows: source.rows, item: (row) => row, position: (row) => row },
    );
    await expect(bad).rejects.toBeInstanceOf(AppError);
    expect(source.asked).toEqual([]);
  });
});

import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** Query parameters every list endpoint accepts. */
export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).describe('Items per page, 1 to 100'),
  cursor: z.string().min(1).max(512).optional().describe('`next_cursor` from the previous page'),
});

export type PaginationQuery = z.infer<typeof paginationQuery>;

/** The list envelope, Stripe-style: a page of items and an opaque cursor to the next one. */
export function listOf<Item extends z.ZodType>(item: Item) {
  return z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  });
}

export type Cursor = Record<string, string | number>;

export function encodeCursor(position: Cursor): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor<Position>(
  cursor: string | undefined,
  shape: z.ZodType<Position>,
): Position | undefined {
  if (cursor === undefined) return undefined;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw AppError.validation('The cursor is invalid or expired; start again without one', [
      { field: 'query.cursor', message: 'is not a cursor this endpoint issued' },
    ]);
  }
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only tells whether more exist.
 * Keyset pagination keeps every page as fast as the first.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => Cursor,
) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    object: 'list' as const,
    data: pageRows.map(toItem),
    has_more: hasMore,
    next_cursor: hasMore && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}

/** The cursor of lists in id order: the id of the page's last row. */
export const idCursor = z.object({ id: z.uuid() });

/** How one list reads its cursor, fetches its rows and shows them (see `listPage`). */
export interface ListSpec<After, Row, Item> {
  /** The cursor's shape (read with `decodeCursor`), or a reader of its own (`sortPositionOf`). */
  cursor: z.ZodType<After> | ((cursor: string | undefined) => After | undefined);
  /** The rows after `after`, at most `limit`: one more than the page, to tell whether more exist. */
  rows(page: { after: After | undefined; limit: number }): Promise<Row[]>;
  item(row: Row): Item;
  /** Where a page ending at `row` ends: what the next page's cursor holds. */
  position(row: Row): Cursor;
}

/** The list idiom of every list endpoint: cursor in, `limit + 1` rows fetched, page out. */
export async function listPage<After, Row, Item>(
  query: { limit: number; cursor?: string | undefined },
  spec: ListSpec<After, Row, Item>,
) {
  const after =
    typeof spec.cursor === 'function'
      ? spec.cursor(query.cursor)
      : decodeCursor(query.cursor, spec.cursor);
  const rows = await spec.rows({ after, limit: query.limit + 1 });
  return toPage(rows, query.limit, spec.item, spec.position);
}

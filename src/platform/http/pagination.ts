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

export function decodeCursor<Position extends Cursor>(
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

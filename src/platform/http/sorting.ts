import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { decodeCursor } from './pagination.js';

/** `name` sorts ascending, `-name` descending (Stripe/Twenty style). */
export type SortValue<Field extends string> = Field | `-${Field}`;

export interface Sort<Field extends string> {
  field: Field;
  descending: boolean;
  /** The value as the client sent it; cursors remember it. */
  value: SortValue<Field>;
}

/**
 * The values of a list's `sort` query parameter (`z.enum(sortValues(fields)).default(…)`): only
 * the orders an index serves are allowed, so anything else is a 400 naming the allowed values
 * rather than a slow page.
 */
export function sortValues<const Field extends string>(
  fields: readonly [Field, ...Field[]],
): [SortValue<Field>, ...SortValue<Field>[]] {
  const [first, ...rest] = fields;
  return [first, `-${first}`, ...rest.flatMap((field) => [field, `-${field}` as const])];
}

export const sortDescription =
  'Order of the list: a field ascending, or descending with a leading "-" (e.g. `-created`). Cursors belong to the order they were issued for.';

export function parseSort<Field extends string>(value: SortValue<Field>): Sort<Field> {
  const descending = value.startsWith('-');
  return { field: (descending ? value.slice(1) : value) as Field, descending, value };
}

/** Where the previous page ended: the sort it was read in, its last sort key and id. */
export interface SortPosition {
  value: string | number;
  id: string;
}

const positionShape = z.object({
  s: z.string(),
  v: z.union([z.string(), z.number()]),
  i: z.uuid(),
});

/**
 * Reads a cursor issued for this sort; a cursor from another order would skip or repeat rows, so
 * it is refused rather than followed.
 */
export function sortPositionOf(
  cursor: string | undefined,
  sort: Sort<string>,
): SortPosition | undefined {
  const position = decodeCursor(cursor, positionShape);
  if (!position) return undefined;
  if (position.s !== sort.value)
    throw AppError.validation('The cursor belongs to another sort order; start again without one', [
      { field: 'query.cursor', message: `was issued for sort=${position.s}` },
    ]);
  return { value: position.v, id: position.i };
}

/** The cursor position of a page's last row. */
export function sortCursor(sort: Sort<string>, value: string | number, id: string) {
  return { s: sort.value, v: value, i: id };
}

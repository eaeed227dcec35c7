import { asc, desc, sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * A keyset order: the sort key, then the id as a tie-breaker, both in one direction, so a
 * composite index `(org_id, [filter,] key, id)` serves the order and the page boundary alike.
 * `key` is a column or the same expression the index is built on (e.g. `coalesce(score, -1)`).
 */
export interface Keyset {
  key: AnyColumn | SQL;
  id: AnyColumn;
  descending: boolean;
}

export function keysetOrder({ key, id, descending }: Keyset): SQL[] {
  const direction = descending ? desc : asc;
  return key === id ? [direction(id)] : [direction(key), direction(id)];
}

/** Rows after `position` in the keyset order (a row comparison an index range scan answers). */
export function keysetAfter(
  { key, id, descending }: Keyset,
  position: { value: string | number; id: string },
): SQL {
  const operator = sql.raw(descending ? '<' : '>');
  if (key === id) return sql`${id} ${operator} ${position.id}`;
  return sql`(${key}, ${id}) ${operator} (${position.value}, ${position.id})`;
}

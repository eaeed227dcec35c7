/** Rows of a raw statement, whichever driver ran it (node-postgres and PGlite both say `rows`). */
export function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}

/** Rows a raw statement changed (node-postgres says `rowCount`, PGlite `affectedRows`). */
export function affectedRows(result: unknown): number {
  const value = result as { rowCount?: number | null; affectedRows?: number };
  return value.rowCount ?? value.affectedRows ?? 0;
}

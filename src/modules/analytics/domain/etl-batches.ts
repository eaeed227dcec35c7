/**
 * Splits changed scopes into the batches one statement and transaction recompute: at most
 * `maxScopes` scopes and, once a batch holds one, no more than `maxRows` changed source rows.
 * A campaign-day can hold thousands of source rows (an ad per market at city level): bounding the
 * rows keeps a batch's recomputed cells, and the statement that carries them, a bounded size.
 * A single scope over `maxRows` still forms a batch of its own.
 */
export function etlBatches<Scope extends { rows: number }>(
  scopes: readonly Scope[],
  maxScopes: number,
  maxRows: number,
): Scope[][] {
  const batches: Scope[][] = [];
  let current: Scope[] = [];
  let rows = 0;
  for (const scope of scopes) {
    if (current.length > 0 && (current.length >= maxScopes || rows + scope.rows > maxRows)) {
      batches.push(current);
      current = [];
      rows = 0;
    }
    current.push(scope);
    rows += scope.rows;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

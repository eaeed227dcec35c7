import type { DatabaseHandle } from '../../src/platform/db/database.js';

/** One node of `EXPLAIN (FORMAT JSON)` output. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  'Index Name'?: string;
  Filter?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface RecordedQuery {
  query: string;
  params: unknown[];
}

/** Runs the statement under `EXPLAIN (FORMAT JSON)` on either driver, with its parameters. */
export async function explain(database: DatabaseHandle, recorded: RecordedQuery) {
  // VERBOSE names each relation's schema.
  const text = `explain (verbose, format json) ${recorded.query}`;
  const { driver } = database;
  const result =
    driver.kind === 'pglite'
      ? await driver.client.query<Record<string, unknown>>(text, recorded.params)
      : await driver.pool.query<Record<string, unknown>>(text, recorded.params);
  const raw = result.rows[0]!['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  return parsed[0]!.Plan;
}

export function* nodesOf(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodesOf(child);
}

export const tableOf = (node: PlanNode) =>
  node['Relation Name'] ? `${node.Schema ?? ''}.${node['Relation Name']}` : undefined;

/** Schema-qualified tables a plan reads. */
export function tablesIn(plan: PlanNode): Set<string> {
  const tables = new Set<string>();
  for (const node of nodesOf(plan)) {
    const table = tableOf(node);
    if (table) tables.add(table);
  }
  return tables;
}

/**
 * What keeps a list query from answering from an index on a large table: a sequential scan; a
 * sort over the table's rows (the order does not come from the index); rows the index returns
 * and a filter then discards (the index does not cover the filter). The last two apply to the
 * page query itself (`ordered`), not to look-ups by key made along the way.
 */
export function planProblems(
  plan: PlanNode,
  large: ReadonlySet<string>,
  checks: { ordered: boolean; coveredFilter: boolean },
): string[] {
  const problems: string[] = [];
  const readsLarge = (node: PlanNode) => [...tablesIn(node)].some((table) => large.has(table));
  for (const node of nodesOf(plan)) {
    const table = tableOf(node);
    const type = node['Node Type'];
    if (table && large.has(table) && type.includes('Seq Scan'))
      problems.push(`sequential scan on ${table}`);
    if (checks.ordered && type.endsWith('Sort') && readsLarge(node))
      problems.push(`${type} over ${[...tablesIn(node)].join(', ')} (order not from an index)`);
    if (checks.ordered && checks.coveredFilter && table && large.has(table) && node.Filter)
      problems.push(
        `${type} on ${table}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} filters rows: ${node.Filter}`,
      );
  }
  return problems;
}

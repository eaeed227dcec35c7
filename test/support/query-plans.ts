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

/**
 * A plan's nodes, depth first. Without `belowLimits`, the walk stops at a Limit below the root:
 * what passes through it is a page already cut (a page subquery joined to its details).
 */
export function* nodesOf(plan: PlanNode, { belowLimits = true } = {}): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? [])
    if (belowLimits || child['Node Type'] !== 'Limit') yield* nodesOf(child, { belowLimits });
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

/** Columns an index condition narrows the rows by (`org_id = …`, `contact_id = …`, ranges). */
function conditionColumns(node: PlanNode): string[] {
  const condition = String(node['Index Cond'] ?? node['Recheck Cond'] ?? '');
  // VERBOSE plans qualify columns with their table (`contacts.email_hash = …`).
  const comparison = /\((?:\w+\.)?(\w+) (?:=|<>|<=|>=|<|>|~>=~|~<~|@>|&&) /g;
  return [...condition.matchAll(comparison)].map((match) => match[1]!);
}

/** The largest page a list serves (`limit` at most 100). */
const largestPage = 100;

/**
 * Whether an index found at most a page of rows by a key narrower than the organisation (one
 * contact's timeline, one email hash, a time range): sorting those or dropping a few of them
 * costs a page either way, and the planner rightly picks the index that finds them fastest. With
 * more rows than a page it must read them in order from an index that covers the filter.
 */
function withinPage(node: PlanNode, large: ReadonlySet<string>) {
  if (Number(node['Plan Rows']) > largestPage) return false;
  return [...nodesOf(node, { belowLimits: false })]
    .filter((scan) => large.has(tableOf(scan) ?? ''))
    .every((scan) => conditionColumns(scan).some((column) => column !== 'org_id'));
}

/**
 * What keeps a list query from answering from an index on a large table: a sequential scan; a
 * sort over the table's rows (the order does not come from the index); rows the index returns
 * and a filter then discards (the index does not cover the filter). The last two apply to the
 * page query itself (`ordered`), not to look-ups by key made along the way, and not to at most
 * a page of rows found by a narrower key (`withinPage`).
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
    const small = withinPage(node, large);
    if (checks.ordered && type.endsWith('Sort') && readsLarge(node) && !small)
      problems.push(`${type} over ${[...tablesIn(node)].join(', ')} (order not from an index)`);
    if (
      checks.ordered &&
      checks.coveredFilter &&
      table &&
      large.has(table) &&
      node.Filter &&
      !small
    )
      problems.push(
        `${type} on ${table}${node['Index Name'] ? ` using ${node['Index Name']}` : ''} filters rows: ${node.Filter}`,
      );
  }
  return problems;
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../src/app/seed.js';
import { demoAccounts, demoPassword } from '../src/modules/identity/index.js';
import { apiClient, json, type Page } from './support/http.js';
import { explain, planProblems, tablesIn, type RecordedQuery } from './support/query-plans.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Issue 11, item 3: every list route answers from an index for its filter and its order (keyset
 * pagination), so a page costs the same on an organisation with a million rows as with ten.
 *
 * The routes are found in the OpenAPI document (every GET answering `object: "list"`), so a new
 * list route is covered without touching this test. Each is called over HTTP (first page, next
 * page, and each filter alone) while the SQL the server sends is recorded; each recorded SELECT
 * is then run under EXPLAIN against tables grown to `rowsPerTable` rows (copies of the demo
 * organisation's real rows) spread over four organisations (half in the demo one) and analysed. A few thousand
 * rows are enough for the planner to cost a seq scan above an index scan; the other
 * organisations' copies get other values in their text columns, so a filter value of the demo
 * organisation is as selective as it is among many tenants, and the planner must choose the index
 * that covers it over the primary key (with all rows in one organisation and one value, both cost
 * the same and the test would measure a tie).
 */
const rowsPerTable = 10_000;
/** Organisations besides the demo one; the demo organisation holds half the rows. */
const otherOrganisations = 3;
/** A table at least this big (by the planner's statistics) must be read through an index. */
const largeTable = 5_000;
/** Full-text and hashtag search answer from GIN indexes, then sort the matches: not keyset. */
const searchParameters = new Set(['q', 'hashtag']);
/** Time ranges narrow a page by a column other than the sort key: index, not filter coverage. */
const rangeParameters = new Set(['from', 'to', 'rights']);

/**
 * List routes whose plans still fall short, with why; the test fails on any other route's
 * problem, so a new list route must answer from an index. Remove an entry once it is fixed.
 */
const pending: Record<string, string> = {
  '/api/v1/invitations':
    'expires_at > now() cannot be an index predicate (now() is not immutable): the pending index (org_id, id) serves the order, the expiry filter discards expired ones; with half the rows pending in one organisation the planner reads the table',
  '/api/v1/pipelines':
    'not paged: an organisation has a handful of pipelines and the route returns all of them; half the copied rows in one organisation make a seq scan cheaper',
  '/api/v1/billing/usage':
    "not a page of rows: one entry per quota, each a count over the organisation's rows (members, requests, contacts); with half the copied rows in one organisation a seq scan is the cheaper count (the report is cached)",
  '/api/v1/ads/connections':
    'not paged: at most one connection per vendor and organisation (unique index), all returned; with half the copied rows in one organisation a seq scan is cheaper',
  '/api/v1/agenda':
    'mine=true is assignee = me OR unassigned: a filter on the (org_id, due_at) index, not a keyset',
};

interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { enum?: string[]; default?: unknown; type?: string };
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  responses?: Record<
    string,
    { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
  >;
}

interface Column extends Record<string, unknown> {
  column_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
}

/**
 * A UUIDv7-shaped id `n` seconds older than now: ids are time-ordered (docs/architecture.md §9), so
 * the made-up rows sit before the demo's in keyset order as older rows would, instead of random
 * v4 ids of which only a few sort below a real cursor.
 */
const timeOrderedId = `(lpad(to_hex((extract(epoch from now()) * 1000)::bigint - n * 1000), 12, '0')
  || '7' || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`;

/** Made-up row `n` belongs to the demo organisation when even. */
const inDemo = `n % 2 = 0`;

/**
 * The organisation of made-up row `n`: the demo's every other row, the others in turn (fixed ids;
 * no table has a foreign key to the organisations).
 */
function organisationOf(orgId: string) {
  return `case when ${inDemo} then '${orgId}'::uuid
    else ('00000000-0000-4000-8000-' || lpad((n % ${otherOrganisations})::text, 12, '0'))::uuid end`;
}

/**
 * A copied row's value: the source's, a new one where a unique index needs it, and in the other
 * organisations' copies other text values (their own statuses, channels, stages…).
 */
function copied(
  { column_name: column, data_type: type }: Column,
  varied: Set<string>,
  orgId: string,
) {
  const quoted = `"${column}"`;
  if (column === 'org_id') return organisationOf(orgId);
  if (type === 'uuid' && varied.has(column)) return timeOrderedId;
  if (type === 'text' && varied.has(column)) return `${quoted} || '-' || n || '-' || random()`;
  if (type === 'text')
    return `case when ${inDemo} then ${quoted} else ${quoted} || '-' || n % 7 end`;
  // References (pipeline, campaign, contact…) are per organisation: the others' copies point
  // at their own, so a demo reference is as selective as it would be among many tenants.
  if (type === 'uuid')
    return `case when ${inDemo} then ${quoted} else md5(${quoted}::text || n % ${otherOrganisations})::uuid end`;
  if (varied.has(column)) return `${quoted} + n * 1000`;
  return quoted;
}

/** A made-up row's value, by type (unique columns get distinct values). */
function placeholder(column: Column, varied: Set<string>, orgId: string) {
  const { column_name: name, data_type: type } = column;
  if (name === 'org_id') return organisationOf(orgId);
  if (column.column_default !== null && !varied.has(name)) return column.column_default;
  if (type === 'uuid') return timeOrderedId;
  if (type === 'text') return varied.has(name) ? `'x-' || n || '-' || random()` : `'x-' || n % 7`;
  if (type === 'boolean') return 'false';
  if (type === 'jsonb' || type === 'json') return `'{}'`;
  if (type === 'ARRAY') return `'{}'`;
  if (type.startsWith('timestamp')) return `now() - n * interval '1 second'`;
  if (type === 'date') return 'current_date';
  return varied.has(name) ? 'n' : '0';
}

interface ListCall {
  route: string;
  url: string;
  /** Filters whose column the index must cover (not search or range parameters). */
  coveredFilter: boolean;
}

describe('list routes answer from indexes', () => {
  let app: TestApp;
  let token: string;
  const api = () => apiClient(app.url);

  beforeAll(async () => {
    // No job workers: every statement recorded during a request is that request's.
    app = await startTestApp({ work: false });
    await seedDemoData(app.runtime);
    const owner = demoAccounts.find((account) => account.role === 'owner')!;
    const login = await api()('POST', '/api/v1/auth/login', {
      body: { email: owner.email, password: demoPassword },
    });
    token = (await json<{ access_token: string }>(login)).access_token;
    // Parents of nested lists the demo lacks (a segment's members, a flow's runs, an agenda).
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    for (const [path, body] of [
      [
        '/api/v1/segments',
        {
          name: 'Costa Rica',
          rules: { match: 'all', conditions: [{ field: 'country', op: 'in', value: ['CR'] }] },
        },
      ],
      [
        '/api/v1/automations',
        {
          name: 'Welcome',
          trigger: { type: 'event', event: 'crm.lead-captured' },
          steps: [{ action: 'add_tag', tag: 'welcomed' }],
        },
      ],
      [
        '/api/v1/campaign-requests',
        {
          name: 'Spring launch',
          objective: 'leads',
          product: 'Cold brew',
          messages: ['Cold brew in 24 hours'],
          audiences: [
            { name: 'Professionals', countries: ['CR'], ageMin: 25, ageMax: 40, interests: [] },
          ],
          channels: ['facebook'],
          budget: { amount: 3_000_000, currency: 'USD' },
          startsAt: inDays(1),
          endsAt: inDays(20),
        },
      ],
    ] as const) {
      const created = await api()('POST', path, { token, body });
      if (created.status >= 300) throw new Error(`POST ${path}: ${await created.text()}`);
    }
  }, 300_000);
  afterAll(() => app?.close());

  /** Calls a route and returns its body and the statements the server sent meanwhile. */
  async function recorded(url: string, { anyStatus = false } = {}) {
    const queries: RecordedQuery[] = [];
    const stop = app.runtime.database.observeQueries((query, params) =>
      queries.push({ query, params }),
    );
    try {
      // A keep-alive connection may have been closed while the tables grew: one retry.
      const response = await api()('GET', url, { token }).catch(() => api()('GET', url, { token }));
      const body = await response.text();
      if (response.status !== 200 && !anyStatus)
        throw new Error(`GET ${url}: ${response.status} ${body}`);
      return {
        page: (anyStatus ? {} : JSON.parse(body)) as Page<Record<string, unknown>>,
        queries,
      };
    } finally {
      stop();
    }
  }

  async function listRoutes() {
    const response = await api()('GET', '/api/openapi.json');
    const document = await json<{ paths: Record<string, { get?: OpenApiOperation }> }>(response);
    return Object.entries(document.paths).flatMap(([path, item]) => {
      const schema = item.get?.responses?.['200']?.content?.['application/json']?.schema;
      const isList = JSON.stringify(schema?.properties?.object ?? {}).includes('"list"');
      // A list that needs an input to search by (similar assets) ranks matches: not keyset.
      const search = item.get?.parameters?.some((p) => p.in === 'query' && p.required);
      return isList && !search && item.get ? [{ path, operation: item.get }] : [];
    });
  }

  /**
   * The URL of a route with its parameter filled from the first item of its parent list: the
   * item's field of that name (`{provider}`), else its id.
   */
  async function resolvePath(path: string): Promise<string> {
    const match = /^(.*)\/\{(\w+)\}(\/[^{}]+)$/.exec(path);
    if (!match) return path;
    const [, parent, name, rest] = match;
    const { page } = await recorded(`${await resolvePath(parent!)}?limit=1`);
    const first = page.data[0];
    const id = first?.[name!] ?? first?.id;
    if (typeof id !== 'string') throw new Error(`No item in ${parent} to call ${path} with`);
    return `${parent}/${id}${rest}`;
  }

  /** First page, next page, and each filter alone (its value from an item of the first page). */
  async function callsOf(path: string, operation: OpenApiOperation): Promise<ListCall[]> {
    const base = await resolvePath(path);
    const calls: ListCall[] = [{ route: path, url: `${base}?limit=25`, coveredFilter: true }];
    const { page } = await recorded(`${base}?limit=1`);
    if (page.next_cursor)
      calls.push({
        route: path,
        url: `${base}?limit=25&cursor=${page.next_cursor}`,
        coveredFilter: true,
      });
    const item = page.data[0] ?? {};
    for (const parameter of operation.parameters ?? []) {
      const { name } = parameter;
      if (parameter.in !== 'query' || ['limit', 'cursor'].includes(name)) continue;
      if (searchParameters.has(name)) continue;
      if (name === 'sort') {
        // Every allowed order, its first page and the page after (the cursor carries its key).
        for (const value of parameter.schema?.enum ?? []) {
          const url = `${base}?limit=25&sort=${encodeURIComponent(value)}`;
          calls.push({ route: path, url, coveredFilter: true });
          const sorted = await recorded(`${base}?limit=1&sort=${encodeURIComponent(value)}`);
          if (sorted.page.next_cursor)
            calls.push({
              route: path,
              url: `${url}&cursor=${sorted.page.next_cursor}`,
              coveredFilter: true,
            });
        }
        continue;
      }
      const fromItem = item[name];
      const values =
        typeof fromItem === 'string'
          ? [fromItem]
          : rangeParameters.has(name) && parameter.schema?.enum === undefined
            ? ['2020-01-01T00:00:00Z']
            : (parameter.schema?.enum ?? []);
      for (const value of values)
        calls.push({
          route: path,
          url: `${base}?limit=25&${name}=${encodeURIComponent(value)}`,
          coveredFilter: !rangeParameters.has(name),
        });
    }
    return calls;
  }

  /**
   * Grows each tenant table to `rowsPerTable` rows over four organisations: copies of
   * the demo organisation's rows (unique columns varied), or, where the demo has none, rows of
   * typed placeholder values. The statements a route sends do not depend on what the rows hold;
   * the planner's costs do.
   */
  async function grow(tables: Set<string>, orgId: string) {
    for (const table of tables) {
      const [schema, name] = table.split('.') as [string, string];
      const columns = await app.runtime.database.query<Column>(
        sql`select column_name, data_type, is_nullable, column_default
            from information_schema.columns
            where table_schema = ${schema} and table_name = ${name} and is_generated = 'NEVER'
            order by ordinal_position`,
      );
      if (!columns.some((column) => column.column_name === 'org_id')) continue;
      const varied = await uniqueColumns(schema, name);
      const [{ count } = { count: 0 }] = await app.runtime.database.query<{ count: number }>(
        sql`select count(*)::int as count from ${sql.raw(table)} where org_id = ${orgId}`,
      );
      const copies = count > 0;
      const filled = columns.filter(
        (column) => copies || column.is_nullable === 'NO' || column.column_default !== null,
      );
      const expressions = filled.map((column) =>
        copies ? copied(column, varied, orgId) : placeholder(column, varied, orgId),
      );
      // The newest rows: the walk took its filter values from the first page.
      const source = copies
        ? `(select * from ${table} where org_id = '${orgId}' order by ctid desc limit 100) as source,`
        : '';
      await app.runtime.database.query(
        sql.raw(`insert into ${table} (${filled.map((c) => `"${c.column_name}"`).join(', ')})
          select ${expressions.join(', ')}
          from ${source} generate_series(1, ${Math.ceil(rowsPerTable / Math.max(1, Math.min(count, 100)))}) as n
          -- A table with one row per organisation (a subscription) cannot grow: it stays small.
          on conflict do nothing`),
      );
      await app.runtime.database.query(sql.raw(`analyze ${table}`));
    }
  }

  /** Per unique index, the column a copy changes to stay unique: its last uuid, else last column. */
  async function uniqueColumns(schema: string, name: string) {
    // An expression key (`lower(name)`) has attnum 0: its columns are read from the expression.
    const indexes = await app.runtime.database.query<{
      columns: string[];
      expressions: string | null;
    }>(sql`
      select array_remove(array_agg(a.attname::text order by k.position), null) as columns,
        pg_get_expr(i.indexprs, i.indrelid) as expressions
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace s on s.oid = c.relnamespace
      cross join lateral unnest(i.indkey) with ordinality as k(attnum, position)
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum and k.attnum > 0
      where i.indisunique and s.nspname = ${schema} and c.relname = ${name}
      group by i.indexrelid, i.indexprs, i.indrelid`);
    const types = new Map(
      (
        await app.runtime.database.query<{ column_name: string; data_type: string }>(
          sql`select column_name, data_type from information_schema.columns
              where table_schema = ${schema} and table_name = ${name}`,
        )
      ).map((row) => [row.column_name, row.data_type]),
    );
    const varied = new Set<string>();
    for (const { columns, expressions } of indexes) {
      const inExpressions = [...types.keys()].filter(
        (column) => expressions !== null && new RegExp(`\\b${column}\\b`).test(expressions),
      );
      const candidates = [...columns, ...inExpressions].filter((column) => column !== 'org_id');
      const uuid = candidates.filter((column) => types.get(column) === 'uuid').at(-1);
      const chosen = uuid ?? candidates.at(-1);
      if (chosen) varied.add(chosen);
    }
    return varied;
  }

  async function largeTables(): Promise<Set<string>> {
    const rows = await app.runtime.database.query<{ name: string }>(sql`
      select n.nspname || '.' || c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and c.reltuples >= ${largeTable}`);
    return new Set(rows.map((row) => row.name));
  }

  it('reads every list page through an index that matches its filter and order', async () => {
    const routes = await listRoutes();
    expect(routes.length).toBeGreaterThan(20);
    const calls = (
      await Promise.all(routes.map(({ path, operation }) => callsOf(path, operation)))
    ).flat();

    // The tables the list routes read, grown and analysed.
    const read = new Set<string>();
    for (const call of calls) {
      const { queries } = await recorded(call.url);
      for (const query of queries.filter((q) => /^\s*select/i.test(q.query)))
        for (const table of tablesIn(await explain(app.runtime.database, query))) read.add(table);
    }
    const [{ id: orgId } = { id: '' }] = await app.runtime.database.query<{ id: string }>(
      sql`select id from identity.organizations where slug = 'demo-agency'`,
    );
    await grow(read, orgId);
    const large = await largeTables();
    expect(large.size).toBeGreaterThan(10);

    const problems: string[] = [];
    for (const call of calls) {
      // Made-up rows may not serialise; the statements were sent before the answer was.
      const { queries } = await recorded(call.url, { anyStatus: true });
      for (const query of queries.filter((q) => /^\s*select/i.test(q.query))) {
        const plan = await explain(app.runtime.database, query);
        const ordered = /\border by\b[\s\S]*\blimit\b/i.test(query.query);
        for (const problem of planProblems(plan, large, {
          ordered,
          coveredFilter: call.coveredFilter,
        }))
          if (!(call.route in pending))
            problems.push(`GET ${call.url.replace(/cursor=[^&]+/, 'cursor=…')}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});

import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { AppError } from '../src/platform/errors/app-error.js';
import { authOf } from '../src/platform/http/authentication.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import type { Runtime } from '../src/platform/runtime.js';
import { benchJobRoutes, benchRunJob, prepareBenchJobTable } from './bench-jobs.js';

/**
 * A module that exists only while the benchmark runs: it exercises the platform's real request
 * path (Fastify + Zod schemas, authentication hook, rate limiter, cache, database transaction)
 * without depending on any business module. Its tables are created with raw SQL at start, so
 * they never reach the migrations.
 */

export const benchItemCount = 100;

/** How often the cached route had to go to the database: a working cache keeps this near zero. */
let cacheLoads = 0;

const itemParams = z.object({ id: z.coerce.number().int().min(1).max(benchItemCount) });
const item = z.object({
  id: z.number().int(),
  name: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
const writeBody = z.object({
  orgId: z.uuid(),
  name: z.string().min(1).max(200),
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});
const written = z.object({ id: z.uuid() });
const caller = z.object({
  principal_id: z.string(),
  org_id: z.uuid(),
  roles: z.array(z.string()),
});

const routes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  await app.register(benchJobRoutes, { runtime });

  app.get(
    '/bench/items/:id',
    {
      config: { public: true },
      schema: { hide: true, params: itemParams, response: { 200: item } },
    },
    async (request) =>
      runtime.cache.getOrLoad(`bench:item:${request.params.id}`, 300, async () => {
        cacheLoads += 1;
        const rows = await runtime.database.query<z.infer<typeof item>>(
          sql`select id, name, payload from bench.items where id = ${request.params.id}`,
        );
        const row = rows[0];
        if (!row) throw new AppError('not_found', `No bench item ${request.params.id}`);
        return row;
      }),
  );

  // A trivial authenticated read: no I/O of its own, so what it costs is the per-request work
  // every authenticated route pays (token, principal, limits, hooks, serialisation).
  app.get(
    '/bench/caller',
    { schema: { hide: true, response: { 200: caller } } },
    async (request) => {
      const auth = authOf(request);
      return { principal_id: auth.principalId, org_id: auth.orgId, roles: [...auth.roles] };
    },
  );

  app.post(
    '/bench/writes',
    {
      config: { public: true },
      schema: { hide: true, body: writeBody, response: { 201: written } },
    },
    async (request, reply) => {
      const id = uuidv7();
      const { orgId, name, amount, currency } = request.body;
      await runtime.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into bench.writes (org_id, id, name, amount_minor, currency)
              values (${orgId}, ${id}, ${name}, ${amount}, ${currency})`,
        );
      });
      return reply.code(201).send({ id });
    },
  );

  /**
   * Jobs due or running per queue, counted live (pg-boss's own queue counts, behind /metrics,
   * are refreshed once a minute): scenarios wait on it for the work earlier ones left behind.
   */
  app.get(
    '/bench/jobs',
    {
      config: { public: true },
      schema: { hide: true, response: { 200: z.record(z.string(), z.number()) } },
    },
    async () => {
      const rows = await runtime.database.query<{ name: string; count: number | string }>(
        sql`select name, count(*) as count from pgboss.job
            where state = 'active' or (state in ('created', 'retry') and start_after <= now())
            group by name`,
      );
      return Object.fromEntries(rows.map((row) => [row.name, Number(row.count)]));
    },
  );
};

export const benchModule: ModuleDefinition = {
  name: 'bench',
  routes,
  jobs: (runtime) => [benchRunJob(runtime)],
};

/** Creates (idempotently) the bench schema, its tables and the items the cached route reads. */
export async function prepareBenchTables(runtime: Runtime): Promise<void> {
  const { database } = runtime;
  await database.query(sql`create schema if not exists bench`);
  await database.query(sql`
    create table if not exists bench.items (
      id integer primary key,
      name text not null,
      payload jsonb not null
    )`);
  await database.query(sql`
    create table if not exists bench.writes (
      org_id uuid not null,
      id uuid not null,
      name text not null,
      amount_minor bigint not null,
      currency text not null,
      created_at timestamptz not null default now(),
      primary key (org_id, id)
    )`);
  await database.query(sql`
    insert into bench.items (id, name, payload)
    select n, 'item ' || n, jsonb_build_object('n', n, 'tags', jsonb_build_array('a', 'b', 'c'))
    from generate_series(1, ${benchItemCount}) as n
    on conflict (id) do nothing`);
  await prepareBenchJobTable(runtime);
}

export interface BenchCounters {
  cacheLoads: number;
  writes: number;
}

export async function readBenchCounters(runtime: Runtime): Promise<BenchCounters> {
  const rows = await runtime.database.query<{ count: number | string }>(
    sql`select count(*) as count from bench.writes`,
  );
  return { cacheLoads, writes: Number(rows[0]?.count ?? 0) };
}

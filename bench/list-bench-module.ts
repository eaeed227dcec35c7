import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDefinition } from '../src/platform/module.js';
import type { Runtime } from '../src/platform/runtime.js';

/**
 * Bench-only route of the `list-million` scenario: writes `count` contacts into one organisation
 * with `generate_series` (a million in a few statements, not a million API calls). Names cycle
 * through accented and plain ones, so a name search matches one contact in twenty; stages,
 * classifications and scores cycle too; ids are UUIDv7-shaped and, like `created_at`, older as
 * `n` grows, as rows written over time would be.
 */
const firstNames = [
  'María',
  'José',
  'Ana',
  'Luis',
  'Sofía',
  'Andrés',
  'Lucía',
  'Martín',
  'Camila',
  'Julián',
];
const lastNames = ['López', 'Pérez', 'Núñez', 'Rodríguez', 'Gómez', 'Hernández', 'Díaz', 'Mora'];
const stages = ['lead', 'qualified', 'opportunity', 'customer', 'lost'];
const classifications = ['cold', 'warm', 'hot'];
const chunk = 100_000;

const routes: FastifyPluginAsyncZod<{ runtime: Runtime }> = async (app, { runtime }) => {
  const query = runtime.database.query.bind(runtime.database);
  const array = (values: string[]) => `{${values.join(',')}}`;

  app.post(
    '/bench/lists/contacts',
    {
      config: { public: true },
      schema: {
        hide: true,
        body: z.object({ orgId: z.uuid(), count: z.number().int().min(1).max(2_000_000) }),
      },
    },
    async (request) => {
      const { orgId, count } = request.body;
      const started = Date.now();
      for (let from = 1; from <= count; from += chunk) {
        const to = Math.min(count, from + chunk - 1);
        await query(sql`
          insert into crm.contacts (org_id, id, first_name, last_name, lifecycle_stage,
            classification, source, score, created_at, updated_at)
          select ${orgId}::uuid,
            (lpad(to_hex((extract(epoch from now()) * 1000)::bigint - n * 1000), 12, '0')
              || '7' || substr(md5(n::text), 1, 3) || '8' || substr(md5(n::text), 4, 15))::uuid,
            (${array(firstNames)}::text[])[1 + n % ${firstNames.length}],
            (${array(lastNames)}::text[])[1 + n % ${lastNames.length}],
            (${array(stages)}::text[])[1 + n % ${stages.length}],
            (${array(classifications)}::text[])[1 + n % ${classifications.length}],
            'api', n % 101, now() - n * interval '1 second', now() - (n % 86400) * interval '1 second'
          from generate_series(${from}::int, ${to}::int) as n`);
      }
      await query(sql`analyze crm.contacts`);
      return { created: count, ms: Date.now() - started };
    },
  );
};

export const listBenchModule: ModuleDefinition = { name: 'bench-lists', routes };

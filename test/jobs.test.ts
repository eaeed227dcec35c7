import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { firstUuidv7At } from '../src/platform/events/prune-outbox.js';
import { defineJob } from '../src/platform/jobs/job-definition.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

const greeted: string[] = [];
const greet = defineJob({
  name: 'jobs-test.greet',
  payload: z.object({ name: z.string().min(1), times: z.number().int().positive().default(1) }),
  async handle({ name, times }) {
    for (let i = 0; i < times; i += 1) greeted.push(name);
  },
});

/** A queue that runs two at a time, like segment recomputation. */
const counted: number[] = [];
const count = defineJob({
  name: 'jobs-test.count',
  payload: z.object({ n: z.number().int() }),
  concurrency: 2,
  async handle({ n }) {
    counted.push(n);
  },
});

/** Queues whose waiting jobs merge per key (as segment recomputes do) or not. */
const recompute = (name: string, coalesce: boolean) =>
  defineJob({
    name,
    payload: z.object({ segment: z.string() }),
    coalesce,
    async handle() {},
  });
const coalesced = recompute('jobs-test.coalesced', true);
const separate = recompute('jobs-test.separate', false);

const jobsModule: ModuleDefinition = {
  name: 'jobs-test',
  jobs: [greet, count, coalesced, separate],
};

describe('typed jobs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [jobsModule] });
  });
  afterAll(async () => app?.close());

  it('runs a job with its validated payload', async () => {
    await app.runtime.jobs.send(greet, { name: 'ada', times: 2 });
    expect(
      await eventually(
        () => greeted.filter((n) => n === 'ada'),
        (g) => g.length >= 2,
      ),
    ).toEqual(['ada', 'ada']);
  });

  it('drains a backlog of a two-at-a-time queue at database speed, not a job per poll', async () => {
    const started = Date.now();
    await app.runtime.jobs.sendMany(
      count,
      Array.from({ length: 30 }, (_, n) => ({ n })),
    );
    const done = await eventually(
      () => counted.length,
      (length) => length === 30,
      20_000,
    );
    expect(done).toBe(30);
    // Polling once a second per poller (two pollers) took 15 s for these 30 jobs.
    expect(Date.now() - started).toBeLessThan(7_000);
  });

  it('keeps one waiting job per key on a coalescing queue, and every job elsewhere', async () => {
    const { jobs } = app.runtime;
    const later = { startAfterSeconds: 3_600 };
    const ids = [];
    for (let i = 0; i < 5; i += 1)
      ids.push(await jobs.send(coalesced, { segment: 'a' }, { ...later, singletonKey: 'a' }));
    expect(ids.filter((id) => id !== null)).toHaveLength(1);
    // Jobs of one statement merge too (these may run at once: counted in any state below).
    await jobs.sendMany(
      coalesced,
      [{ segment: 'a' }, { segment: 'b' }, { segment: 'b' }, { segment: 'c' }],
      { singletonKey: ({ segment }) => segment },
    );
    for (let i = 0; i < 5; i += 1)
      await jobs.send(separate, { segment: 'a' }, { ...later, singletonKey: 'a' });
    const waiting = await app.runtime.database.query<{ name: string; key: string; count: number }>(
      sql`select name, singleton_key as key, count(*)::int as count from pgboss.job
          where name like 'jobs-test.%' and singleton_key is not null
          group by name, singleton_key order by name, singleton_key`,
    );
    expect(waiting).toEqual([
      { name: 'jobs-test.coalesced', key: 'a', count: 1 },
      { name: 'jobs-test.coalesced', key: 'b', count: 1 },
      { name: 'jobs-test.coalesced', key: 'c', count: 1 },
      { name: 'jobs-test.separate', key: 'a', count: 5 },
    ]);
  });

  it('refuses an invalid payload when it is sent, before anything is enqueued', async () => {
    await expect(app.runtime.jobs.send(greet, { name: '', times: 1 })).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(app.runtime.jobs.send(greet, { name: 'x', times: -1 })).rejects.toBeInstanceOf(
      ZodError,
    );
    const rows = await app.runtime.database.query<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job where name = 'jobs-test.greet' and data->>'name' in ('', 'x')`,
    );
    expect(rows[0]?.count).toBe(0);
  });

  it('never runs a job enqueued in a transaction that rolled back, and runs one that committed', async () => {
    await expect(
      app.runtime.db.transaction(async (tx) => {
        await app.runtime.jobs.send(greet, { name: 'ghost', times: 1 }, { transaction: tx });
        throw new Error('the use case failed after enqueueing');
      }),
    ).rejects.toThrow('the use case failed');
    await app.runtime.db.transaction(async (tx) => {
      await app.runtime.jobs.send(greet, { name: 'committed', times: 1 }, { transaction: tx });
    });
    // The committed job is the barrier: once it ran, a surviving ghost would have been fetched too.
    await eventually(
      () => greeted,
      (g) => g.includes('committed'),
    );
    expect(greeted).toContain('committed');
    expect(greeted).not.toContain('ghost');
    const ghosts = await app.runtime.database.query<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job where name = 'jobs-test.greet' and data->>'name' = 'ghost'`,
    );
    expect(ghosts[0]?.count).toBe(0);
  });

  it('shows a queue depth line per registered queue on /metrics and times job runs', async () => {
    const metrics = await (await fetch(`${app.operationsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^job_queue_depth\{queue="jobs-test\.greet",state="queued"\} \d+$/m);
    expect(metrics).toMatch(/^job_queue_depth\{queue="jobs-test\.greet",state="active"\} \d+$/m);
    expect(metrics).toMatch(
      /^job_queue_depth\{queue="platform\.deliver-event",state="queued"\} \d+$/m,
    );
    expect(metrics).toMatch(
      /^job_duration_seconds_count\{queue="jobs-test\.greet",outcome="completed"\} [1-9]\d*$/m,
    );
  });

  it('prunes dispatched outbox events and their delivery records after the retention period', async () => {
    const old = firstUuidv7At(new Date(Date.now() - 8 * 86_400_000)).replace(/0000$/, '0001');
    const recent = firstUuidv7At(new Date(Date.now() - 6 * 86_400_000)).replace(/0000$/, '0002');
    const { query } = app.runtime.database;
    await query(sql`insert into platform.outbox_events (id, type, payload, dispatched_at)
      values (${old}, 'jobs-test.old', '{}', now()), (${recent}, 'jobs-test.old', '{}', now())`);
    await query(
      sql`insert into platform.event_deliveries (event_id, handler) values (${old}, 'jobs-test.h')`,
    );
    const prune = app.runtime.jobs.definitions().find((d) => d.name === 'platform.prune-outbox');
    if (!prune) throw new Error('platform.prune-outbox is not registered');
    expect(prune.cron).toBeTruthy();
    await app.runtime.jobs.send(prune, {});
    const remaining = () =>
      query<{ id: string }>(
        sql`select id::text as id from platform.outbox_events where type = 'jobs-test.old'`,
      );
    expect(await eventually(remaining, (rows) => rows.length < 2)).toEqual([{ id: recent }]);
    const deliveries = await eventually(
      () =>
        query(sql`select event_id from platform.event_deliveries where handler = 'jobs-test.h'`),
      (rows) => rows.length === 0,
    );
    expect(deliveries).toEqual([]);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, ZodError } from 'zod';
import { firstUuidv7At } from '../src/platform/events/prune-outbox.js';
import { defineJob } from '../src/platform/jobs/job-definition.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { startTestApp, type TestApp } from './support/test-app.js';

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

const jobsModule: ModuleDefinition = {
  name: 'jobs-test',
  jobs: [greet as never, count as never],
};

async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('typed jobs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [jobsModule] });
  });
  afterAll(async () => app?.close());

  it('runs a job with its validated payload', async () => {
    await app.runtime.jobs.send(greet, { name: 'ada', times: 2 });
    expect(
      await until(
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
    const done = await until(
      () => counted.length,
      (length) => length === 30,
      20_000,
    );
    expect(done).toBe(30);
    // Polling once a second per poller (two pollers) took 15 s for these 30 jobs.
    expect(Date.now() - started).toBeLessThan(7_000);
  });

  it('refuses an invalid payload when it is sent, before anything is enqueued', async () => {
    await expect(app.runtime.jobs.send(greet, { name: '', times: 1 })).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(
      app.runtime.jobs.send(greet, { name: 'x', times: -1 } as never),
    ).rejects.toBeInstanceOf(ZodError);
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
    await until(
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
    expect(prune?.cron).toBeTruthy();
    await app.runtime.jobs.send(prune as never, {});
    const remaining = () =>
      query<{ id: string }>(
        sql`select id::text as id from platform.outbox_events where type = 'jobs-test.old'`,
      );
    expect(await until(remaining, (rows) => rows.length < 2)).toEqual([{ id: recent }]);
    const deliveries = await until(
      () =>
        query(sql`select event_id from platform.event_deliveries where handler = 'jobs-test.h'`),
      (rows) => rows.length === 0,
    );
    expect(deliveries).toEqual([]);
  });
});

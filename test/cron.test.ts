import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { TestClock } from 'pg-boss';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { loadConfig, type Config } from '../src/platform/config/config.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/database.js';
import { defineJob } from '../src/platform/jobs/job-definition.js';
import { createLogger } from '../src/platform/logging/logger.js';
import {
  closeRuntime,
  createRuntime,
  startBackgroundWork,
  type Runtime,
} from '../src/platform/runtime.js';

/**
 * pg-boss evaluates cron at minute resolution, so watching real intervals would take minutes.
 * Both workers instead share one pg-boss TestClock: time moves only when the test ticks it, in
 * JavaScript and in the database alike (pg-boss reads "now" through its schema's job_now()), while
 * everything else is real: two pg-boss instances, each with its own cron pass, competing on one
 * database for the claim and the per-minute singleton that make a schedule fire once.
 */
const minute = 60_000;

describe('cron schedules', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('runs a scheduled job once per interval while two workers run it', async () => {
    // Ten seconds before a minute: the schedule is written now, so its first occurrence is the top
    // of the next minute (minute 1) and the second one minute 2.
    const start = Math.floor(Date.now() / minute) * minute + 50_000;
    const clock = new TestClock(start);
    const runs: { worker: string; at: number }[] = [];
    const moduleFor = (worker: string) => ({
      name: 'cron-test',
      jobs: [
        defineJob({
          name: 'cron-test.tick',
          payload: z.object({}),
          cron: '* * * * *',
          async handle() {
            runs.push({ worker, at: clock.now() });
          },
        }),
      ],
    });

    const { config, shared } = await scratchDatabase(cleanups);
    const runtimes: Runtime[] = [];
    for (const worker of ['a', 'b']) {
      const runtime = await createRuntime(config, [moduleFor(worker)], {
        logger: createLogger(config.logLevel),
        migrate: true,
        jobClock: clock,
        // On PGlite one process owns the database, so the two workers share its handle.
        ...(shared ? { database: { ...shared, close: async () => {} } } : {}),
      });
      runtimes.push(runtime);
      cleanups.push(() => closeRuntime(runtime));
      await startBackgroundWork(runtime, true);
    }

    // Up to 2:50 of pg-boss time (minute 2 + 40 s), a second per tick: cron passes (every 30 s),
    // forwards (every 5 s) and worker polls (every second) all fire, in both instances.
    for (let elapsed = 0; elapsed < 120_000; elapsed += 1_000) await clock.tick(1_000);

    const minutes = runs.map((run) => Math.floor(run.at / minute) - Math.floor(start / minute));
    expect(minutes).toEqual([1, 2]);
    const jobs = await runtimes[0]!.database.query<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job where name = 'cron-test.tick'`,
    );
    expect(jobs[0]?.count).toBe(2);
  });
});

/** A database only this test uses: a scratch PostgreSQL database, or one in-memory PGlite. */
async function scratchDatabase(
  cleanups: (() => Promise<void>)[],
): Promise<{ config: Config; shared?: DatabaseHandle }> {
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
    SECRET_KEY: randomBytes(32).toString('hex'),
  };
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const config: Config = {
      ...loadConfig(env),
      database: { kind: 'pglite', dataDir: 'memory://' },
    };
    const shared = await openDatabase(config.database);
    cleanups.push(() => shared.close());
    return { config, shared };
  }
  const name = `ps_test_cron_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  cleanups.push(() => admin(`drop database if exists ${name} with (force)`));
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    config: loadConfig({ ...env, DATABASE_URL: url.toString(), DATABASE_POOL_MAX: '4' }),
  };
}

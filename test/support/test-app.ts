import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApplication, type Application } from '../../src/app/application.js';
import { allModules } from '../../src/app/modules.js';
import { loadConfig, type Config } from '../../src/platform/config/config.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import type { ModuleDefinition } from '../../src/platform/module.js';
import { openMigratedPglite } from './pglite-template.js';
import { createScratchDatabase, dropScratchDatabase } from './scratch-database.js';

export interface TestApp extends Application {
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Base URL of the operations server: /healthz, /readyz and /metrics. */
  operationsUrl: string;
  config: Config;
}

export interface TestAppOptions {
  modules?: readonly ModuleDefinition[];
  env?: Record<string, string>;
  /** Run jobs and event delivery in the test process (default true). */
  work?: boolean;
  /** Start on this database, kept on close (restart tests); default: a fresh one of its own. */
  database?: TestDatabase;
}

/**
 * A database that outlives the apps started on it (a PGlite data directory or a scratch
 * database), with the secret key its encrypted data needs.
 */
export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A persistent database for several starts: on PostgreSQL when DATABASE_URL is set. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const secretKey = randomBytes(32).toString('hex');
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const name = `ps_test_${randomBytes(6).toString('hex')}`;
    const url = await createScratchDatabase(baseUrl, name);
    return {
      env: { DATABASE_URL: url, DATABASE_POOL_MAX: '5', SECRET_KEY: secretKey },
      drop: () => dropScratchDatabase(baseUrl, name),
    };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'ps-test-'));
  return {
    env: { DATA_DIR: dir, SECRET_KEY: secretKey },
    drop: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts the real platform on a free port with a database of its own: an in-memory PGlite by
 * default, or a fresh PostgreSQL database when DATABASE_URL is set (REDIS_URL likewise selects
 * Redis, with a key prefix of the test's own). Integration tests talk to it over real HTTP.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const suffix = randomBytes(6).toString('hex');
  const baseUrl = process.env.DATABASE_URL;
  let databaseUrl: string | undefined;
  if (baseUrl && !options.database)
    databaseUrl = await createScratchDatabase(baseUrl, `ps_test_${suffix}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'false',
    JOBS_IN_PROCESS: 'true',
    SECRET_KEY: randomBytes(32).toString('hex'),
    CACHE_KEY_PREFIX: `test:${suffix}:`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: '5' } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    ...options.database?.env,
    ...options.env,
  });
  const testConfig: Config =
    databaseUrl || options.database
      ? config
      : { ...config, database: { kind: 'pglite', dataDir: 'memory://' } };
  const database = testConfig === config ? undefined : await openMigratedPglite();
  const app = await createApplication({
    config: testConfig,
    database,
    modules: options.modules ?? allModules,
    logger: createLogger(testConfig.logLevel),
    work: options.work ?? true,
    // Migrations are the `migrate` command's job in production mode; tests apply them here.
    migrate: true,
  });
  const url = await app.http.listen({ port: testConfig.port, host: '127.0.0.1' });
  const operationsUrl = await app.operations.listen({ port: 0, host: '127.0.0.1' });
  return {
    ...app,
    url,
    operationsUrl,
    config: testConfig,
    async close() {
      await app.close();
      if (baseUrl && databaseUrl)
        await dropScratchDatabase(baseUrl, new URL(databaseUrl).pathname.slice(1));
    },
  };
}

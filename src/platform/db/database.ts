import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { lockDataDir } from './data-dir-lock.js';
import { guardPool } from './pool-guard.js';
import { initialisePgliteDataDir } from './pglite-initdb.js';
import { yieldBeforeStatements } from './pglite-turns.js';
import { createQueryObservers, type QueryObserver } from './query-observers.js';

/** A Drizzle database or transaction: the same query code runs on PGlite and on PostgreSQL. */
export type Database = PgDatabase<PgQueryResultHKT>;

export interface DatabaseHandle {
  kind: DatabaseConfig['kind'];
  db: Database;
  /** Runs raw SQL and returns its rows (for queries Drizzle's builder does not express well). */
  query<Row extends Record<string, unknown>>(statement: SQL): Promise<Row[]>;
  ping(): Promise<void>;
  /** Sees every statement the Drizzle `db` sends until the returned function is called. */
  observeQueries(observer: QueryObserver): () => void;
  poolStats(): { total: number; idle: number; waiting: number };
  /** The driver object pg-boss and migrations need; typed per kind. */
  driver: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool; url: string };
  close(): Promise<void>;
}

// Timestamps come back as ISO strings from both drivers; the domain converts them once.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenDatabaseOptions {
  /**
   * How long a statement waits for a pool connection before failing with "timeout exceeded when
   * trying to connect" (default 5 s: an API request answers 503 rather than hang). A worker waits
   * longer: its jobs queue for connections (back-pressure) instead of failing.
   */
  acquireTimeoutMs?: number;
  /**
   * Starts an in-memory PGlite from this dump (`PGlite.dumpDataDir`) instead of running initdb:
   * ~0.5 s instead of ~2.5 s, which is what lets every test file open databases of its own.
   */
  pgliteDump?: Blob;
}

export async function openDatabase(
  config: DatabaseConfig,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseHandle> {
  return config.kind === 'postgres'
    ? openPostgres(config, options)
    : openPglite(config.dataDir, options.pgliteDump);
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  options: OpenDatabaseOptions,
) {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
  });
  guardPool(pool);
  const observers = createQueryObservers();
  const db = drizzlePostgres(pool, {
    casing: 'snake_case',
    logger: observers.logger,
  }) as unknown as Database;
  const handle: DatabaseHandle = {
    kind: 'postgres',
    db,
    async query<Row extends Record<string, unknown>>(statement: SQL) {
      const result = await db.execute(statement);
      return (result as unknown as { rows: Row[] }).rows;
    },
    async ping() {
      await pool.query('select 1');
    },
    observeQueries: observers.observe,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    driver: { kind: 'postgres', pool, url: config.url },
    close: () => pool.end(),
  };
  await handle.ping();
  return handle;
}

async function openPglite(dataDir: string, dump: Blob | undefined) {
  const memory = dataDir.startsWith('memory://');
  if (dump && !memory) throw new Error('a PGlite dump can only seed an in-memory database');
  const unlock = memory ? async () => undefined : await lockDataDir(dataDir);
  let client: PGlite;
  try {
    if (!memory) await initialisePgliteDataDir(dataDir);
    client = await PGlite.create(memory ? undefined : dataDir, {
      extensions: { pg_trgm },
      loadDataDir: dump,
      // PostgreSQL's default 128 MB buffer pool lives in WebAssembly memory, which never shrinks;
      // pages beyond it come from the OS file cache. Keeps the embedded process under 600 MB.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  yieldBeforeStatements(client);
  const observers = createQueryObservers();
  const db = drizzlePglite(client, {
    casing: 'snake_case',
    logger: observers.logger,
  }) as unknown as Database;
  return {
    kind: 'pglite',
    db,
    async query<Row extends Record<string, unknown>>(statement: SQL) {
      const result = await db.execute(statement);
      return (result as unknown as { rows: Row[] }).rows;
    },
    async ping() {
      await client.query('select 1');
    },
    observeQueries: observers.observe,
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    driver: { kind: 'pglite', client },
    async close() {
      await client.close();
      await unlock();
    },
  } satisfies DatabaseHandle;
}

export { sql };

import path from 'node:path';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { projectRoot } from '../project-root.js';
import type { DatabaseHandle } from './database.js';

export const migrationsFolder = path.join(projectRoot, 'drizzle');

export async function runMigrations(database: DatabaseHandle): Promise<void> {
  const options = { migrationsFolder };
  if (database.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, options);
  } else {
    // Several replicas may start at once: serialise migrations with an advisory lock.
    const client = await (database.driver as { pool: import('pg').Pool }).pool.connect();
    try {
      await client.query('select pg_advisory_lock(727274)');
      await migratePostgres(database.db as unknown as NodePgDatabase, options);
    } finally {
      await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
      client.release();
    }
  }
}

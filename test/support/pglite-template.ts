import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.js';
import { runMigrations } from '../../src/platform/db/migrate.js';

let template: Promise<Blob> | undefined;

/**
 * A migrated, empty in-memory PGlite, made once per test process: initdb alone costs ~2.5 s, so
 * every app a test starts loads this dump instead (~0.5 s) and applies no migration of its own.
 */
export async function openMigratedPglite(): Promise<DatabaseHandle> {
  template ??= dumpMigratedDatabase();
  return openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { pgliteDump: await template });
}

async function dumpMigratedDatabase(): Promise<Blob> {
  const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await runMigrations(database);
    if (database.driver.kind !== 'pglite') throw new Error('expected PGlite');
    return await database.driver.client.dumpDataDir('none');
  } finally {
    await database.close();
  }
}

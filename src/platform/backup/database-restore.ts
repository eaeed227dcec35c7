import pg from 'pg';
import type { BackupConfig } from '../config/backup-config.js';
import { S3Bucket } from '../s3/s3-bucket.js';
import { BackupError } from './backup-error.js';
import { listBackups } from './database-backup.js';
import { pgRestore } from './pg-client-tools.js';

/**
 * Restores a backup (the newest unless `key` names one) into an empty database. Restoring over
 * existing tables is refused: a restore goes into a new database, and the app is pointed at it
 * once it is checked, so a wrong choice never overwrites the data still in use.
 */
export async function restoreDatabase(
  databaseUrl: string,
  config: BackupConfig,
  key?: string,
): Promise<{ key: string }> {
  const tables = await userTableCount(databaseUrl);
  if (tables > 0)
    throw new BackupError(
      `The target database already holds ${tables} tables: restore into a new, empty database ` +
        `(createdb) and point DATABASE_URL at it afterwards`,
    );
  const chosen = key ?? (await listBackups(config)).at(-1)?.key;
  if (!chosen)
    throw new BackupError(`No backups under ${config.prefix} in bucket ${config.storage.bucket}`);
  await pgRestore(databaseUrl, await new S3Bucket(config.storage).download(chosen));
  return { key: chosen };
}

async function userTableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ count: string }>(
      `select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
          and n.nspname not like 'pg_toast%'`,
    );
    return Number(result.rows[0]?.count ?? 0);
  } finally {
    await client.end();
  }
}

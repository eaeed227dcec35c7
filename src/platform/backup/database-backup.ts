import type { BackupConfig } from '../config/backup-config.js';
import { S3Bucket } from '../s3/s3-bucket.js';
import { backupKey, backupsIn, expiredBackups, type Backup } from './backup-catalog.js';
import { pgDump } from './pg-client-tools.js';

export interface BackupReport {
  key: string;
  bytes: number;
  /** Keys of the backups deleted because they were older than the retention. */
  pruned: string[];
}

/**
 * Takes a logical backup of the whole database (every module's schema and the job queue) and
 * streams it to the backup bucket; then deletes backups older than the retention. Pruning runs
 * only after a successful backup, so a failing backup never costs an old one.
 */
export async function backupDatabase(
  databaseUrl: string,
  config: BackupConfig,
  now = new Date(),
): Promise<BackupReport> {
  const bucket = new S3Bucket(config.storage);
  const key = backupKey(config.prefix, now);
  const { bytes } = await bucket.upload(key, pgDump(databaseUrl));
  const pruned = await pruneBackups(config, now);
  return { key, bytes, pruned };
}

/**
 * Deletes backups older than `retentionDays` (always keeping the newest). The command does it
 * itself so retention holds on any S3-compatible store; a bucket lifecycle rule is the backstop.
 */
export async function pruneBackups(config: BackupConfig, now = new Date()): Promise<string[]> {
  const bucket = new S3Bucket(config.storage);
  const expired = expiredBackups(await listBackups(config), now, config.retentionDays);
  for (const backup of expired) await bucket.delete(backup.key);
  return expired.map((backup) => backup.key);
}

/** The backups in the bucket, oldest first. */
export async function listBackups(config: BackupConfig): Promise<Backup[]> {
  const bucket = new S3Bucket(config.storage);
  return backupsIn(config.prefix, await bucket.list(config.prefix));
}

import { ConfigError } from './config-error.js';
import type { Environment, S3StorageConfig } from './config.js';

/** Where `promptsales backup` writes its dumps, and how long they are kept. */
export interface BackupConfig {
  storage: S3StorageConfig;
  /** Key prefix of every backup object, e.g. `promptsales/` or `prod/eu/`. */
  prefix: string;
  /** Backups older than this are deleted after each successful backup. */
  retentionDays: number;
}

type BackupEnvironment = Pick<
  Environment,
  | 'BACKUP_S3_ENDPOINT'
  | 'BACKUP_S3_REGION'
  | 'BACKUP_S3_BUCKET'
  | 'BACKUP_S3_ACCESS_KEY_ID'
  | 'BACKUP_S3_SECRET_ACCESS_KEY'
  | 'BACKUP_S3_FORCE_PATH_STYLE'
  | 'BACKUP_S3_PREFIX'
  | 'BACKUP_RETENTION_DAYS'
>;

/** Unset without a bucket (the backup commands then say so); with one, credentials are required. */
export function backupConfig(e: BackupEnvironment): BackupConfig | undefined {
  if (!e.BACKUP_S3_BUCKET) return undefined;
  const missing = (['BACKUP_S3_ACCESS_KEY_ID', 'BACKUP_S3_SECRET_ACCESS_KEY'] as const).filter(
    (name) => !e[name],
  );
  if (missing.length > 0)
    throw new ConfigError(missing.map((name) => `${name}: required when BACKUP_S3_BUCKET is set`));
  return {
    storage: {
      kind: 's3',
      endpoint: e.BACKUP_S3_ENDPOINT,
      region: e.BACKUP_S3_REGION,
      bucket: e.BACKUP_S3_BUCKET,
      accessKeyId: e.BACKUP_S3_ACCESS_KEY_ID!,
      secretAccessKey: e.BACKUP_S3_SECRET_ACCESS_KEY!,
      forcePathStyle: e.BACKUP_S3_FORCE_PATH_STYLE ?? e.BACKUP_S3_ENDPOINT !== undefined,
    },
    prefix: e.BACKUP_S3_PREFIX,
    retentionDays: e.BACKUP_RETENTION_DAYS,
  };
}

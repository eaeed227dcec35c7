import type { Command } from 'commander';
import type { BackupConfig } from '../platform/config/backup-config.js';
import { ConfigError, type Config } from '../platform/config/config.js';
import { BackupError } from '../platform/backup/backup-error.js';
import { backupDatabase, listBackups } from '../platform/backup/database-backup.js';
import { restoreDatabase } from '../platform/backup/database-restore.js';

/** The database URL and bucket every backup command needs, or a message saying what is missing. */
function backupTarget(cfg: Config): { databaseUrl: string; backup: BackupConfig } {
  const problems = [
    ...(cfg.database.kind === 'postgres'
      ? []
      : [
          'DATABASE_URL: required; embedded installs are backed up by copying DATA_DIR while stopped (docs/operations.md)',
        ]),
    ...(cfg.backup ? [] : ['BACKUP_S3_BUCKET: required by the backup commands']),
  ];
  if (cfg.database.kind !== 'postgres' || !cfg.backup) throw new ConfigError(problems);
  return { databaseUrl: cfg.database.url, backup: cfg.backup };
}

/** Reports a refused backup or restore as a message and exit status 1, not a stack trace. */
function reported(action: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await action();
    } catch (error) {
      if (!(error instanceof BackupError)) throw error;
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    }
  };
}

/** `backup`, `backups` and `restore`: daily logical backups to S3-compatible storage (CronJob). */
export function registerBackupCommands(program: Command, config: () => Config): void {
  program
    .command('backup')
    .description('Dump the PostgreSQL database to the backup bucket, then prune expired backups')
    .action(
      reported(async () => {
        const { databaseUrl, backup } = backupTarget(config());
        const report = await backupDatabase(databaseUrl, backup);
        process.stdout.write(
          `backup ${report.key} written (${report.bytes} bytes); ` +
            `${report.pruned.length} older than ${backup.retentionDays} days deleted` +
            report.pruned.map((key) => `\n  deleted ${key}`).join('') +
            '\n',
        );
      }),
    );

  program
    .command('backups')
    .description('List the backups in the backup bucket, oldest first')
    .action(
      reported(async () => {
        const { backup } = backupTarget(config());
        for (const item of await listBackups(backup))
          process.stdout.write(`${item.key}\t${item.takenAt.toISOString()}\t${item.size}\n`);
      }),
    );

  program
    .command('restore')
    .description('Restore a backup (default: the newest) into an empty PostgreSQL database')
    .argument('[key]', 'object key of the backup, as `promptsales backups` lists it')
    .option('--database-url <url>', 'the empty database to restore into (default: DATABASE_URL)')
    .action((key: string | undefined, options: { databaseUrl?: string }) =>
      reported(async () => {
        const { databaseUrl, backup } = backupTarget(config());
        const restored = await restoreDatabase(options.databaseUrl ?? databaseUrl, backup, key);
        process.stdout.write(`restored ${restored.key}\n`);
      })(),
    );
}

import type { S3Object } from '../s3/s3-bucket.js';

/** One database backup in the bucket. */
export interface Backup {
  key: string;
  takenAt: Date;
  size: number;
}

const namePattern = /^promptsales-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.dump$/;
const dayMs = 24 * 3600 * 1000;

/** `<prefix>promptsales-20261102T031700Z.dump`: sortable, and the time it was taken is in the name. */
export function backupKey(prefix: string, takenAt: Date): string {
  const stamp = takenAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${prefix}promptsales-${stamp}.dump`;
}

/**
 * The backups among a listing, oldest first. Only names this command writes count, so other
 * objects sharing the prefix are never pruned. The age comes from the name, not LastModified,
 * which a bucket replication or copy resets.
 */
export function backupsIn(prefix: string, objects: readonly S3Object[]): Backup[] {
  return objects
    .flatMap((object) => {
      const match = namePattern.exec(object.key.slice(prefix.length));
      if (!object.key.startsWith(prefix) || !match) return [];
      const [, year, month, day, hour, minute, second] = match;
      const takenAt = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
      return Number.isNaN(takenAt.getTime())
        ? []
        : [{ key: object.key, takenAt, size: object.size }];
    })
    .sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
}

/** Backups older than the retention; the newest is always kept, however old. */
export function expiredBackups(
  backups: readonly Backup[],
  now: Date,
  retentionDays: number,
): Backup[] {
  const cutoff = now.getTime() - retentionDays * dayMs;
  return backups.slice(0, -1).filter((backup) => backup.takenAt.getTime() < cutoff);
}

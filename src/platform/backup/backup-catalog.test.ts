import { describe, expect, it } from 'vitest';
import { backupKey, backupsIn, expiredBackups } from './backup-catalog.js';

const day = 24 * 3600 * 1000;

describe('backup catalog', () => {
  it('names a backup by the UTC second it was taken, and reads the time back', () => {
    const takenAt = new Date('2026-11-02T03:17:09.456Z');
    const key = backupKey('prod/', takenAt);
    expect(key).toBe('prod/promptsales-20261102T031709Z.dump');
    expect(backupsIn('prod/', [{ key, size: 10 }])).toEqual([
      { key, takenAt: new Date('2026-11-02T03:17:09Z'), size: 10 },
    ]);
  });

  it('ignores objects it did not write, including backups under a deeper prefix', () => {
    const objects = [
      { key: 'prod/readme.txt', size: 1 },
      { key: 'prod/eu/promptsales-20261102T031709Z.dump', size: 1 },
      { key: 'prod/promptsales-20261302T031709Z.dump', size: 1 },
    ];
    expect(backupsIn('prod/', objects)).toEqual([]);
  });

  it('expires what is older than the retention, but never the newest backup', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const at = (age: number) => ({
      key: `k${age}`,
      takenAt: new Date(now.getTime() - age * day),
      size: 1,
    });
    expect(expiredBackups([at(40), at(31), at(29)], now, 30).map((b) => b.key)).toEqual([
      'k40',
      'k31',
    ]);
    expect(expiredBackups([at(60), at(45)], now, 30).map((b) => b.key)).toEqual(['k60']);
  });
});

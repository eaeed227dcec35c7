import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupKey } from '../src/platform/backup/backup-catalog.js';
import { listBackups, pruneBackups } from '../src/platform/backup/database-backup.js';
import { restoreDatabase } from '../src/platform/backup/database-restore.js';
import type { BackupConfig } from '../src/platform/config/backup-config.js';
import { S3Bucket } from '../src/platform/s3/s3-bucket.js';
import { apiClient, json } from './support/http.js';
import { logIn, signUp, type SignedUp } from './support/identity.js';
import { startS3Server, type S3TestServer } from './support/s3-server.js';
import { createScratchDatabase, dropScratchDatabase } from './support/scratch-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const day = 24 * 3600 * 1000;
const bucketName = 'promptsales-backups';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

/** `promptsales <args>` as the operator (or the CronJob) runs it; resolves with its output. */
async function cli(args: string[], env: Record<string, string>) {
  const run = promisify(execFile);
  return run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  }).catch((error: { code: number; stdout: string; stderr: string }) => ({
    ...error,
    failed: true as const,
  }));
}

describe('database backups in S3-compatible storage', () => {
  let s3: S3TestServer;
  let backup: BackupConfig;
  let backupEnv: Record<string, string>;

  beforeAll(async () => {
    s3 = await startS3Server(bucketName);
    const prefix = `run-${randomBytes(4).toString('hex')}/`;
    backup = { storage: s3.storage, prefix, retentionDays: 30 };
    backupEnv = {
      BACKUP_S3_ENDPOINT: s3.storage.endpoint!,
      BACKUP_S3_BUCKET: bucketName,
      BACKUP_S3_ACCESS_KEY_ID: s3.storage.accessKeyId,
      BACKUP_S3_SECRET_ACCESS_KEY: s3.storage.secretAccessKey,
      BACKUP_S3_PREFIX: prefix,
    };
  });
  afterAll(async () => s3?.close());

  it('prunes backups older than the retention and keeps newer ones and foreign objects', async () => {
    const config = { ...backup, prefix: `prune-${randomBytes(4).toString('hex')}/` };
    const bucket = new S3Bucket(config.storage);
    const now = new Date('2026-11-20T03:00:00Z');
    const ages = [45, 31, 30.5, 29, 1, 0];
    const keys = ages.map((age) => backupKey(config.prefix, new Date(now.getTime() - age * day)));
    for (const key of [...keys, `${config.prefix}notes.txt`])
      await bucket.upload(key, chunks('backup ', key));

    const pruned = await pruneBackups(config, now);

    expect(pruned.sort()).toEqual(keys.slice(0, 3).sort());
    expect((await listBackups(config)).map((b) => b.key)).toEqual(keys.slice(3));
    expect((await bucket.list(config.prefix)).map((o) => o.key)).toContain(
      `${config.prefix}notes.txt`,
    );
  });

  it('aborts the upload when the source fails, leaving no object behind', async () => {
    const bucket = new S3Bucket(backup.storage);
    const key = `${backup.prefix}broken.dump`;
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('half a dump');
      throw new Error('pg_dump failed (exit 1)');
    }
    await expect(bucket.upload(key, failing())).rejects.toThrow(/pg_dump failed/);
    expect((await bucket.list(key)).length).toBe(0);
  });

  it(
    'refuses to run in embedded mode or without a bucket, naming what is missing',
    { timeout: 120_000 },
    async () => {
      const result = await cli(['backup'], { DATABASE_URL: '', BACKUP_S3_BUCKET: '' });
      expect(result).toMatchObject({ failed: true, code: 1 });
      expect(result.stderr).toMatch(/DATABASE_URL: required/);
      expect(result.stderr).toMatch(/BACKUP_S3_BUCKET: required/);
    },
  );

  // pg_dump and pg_restore need a PostgreSQL server: CI runs this on its PostgreSQL stack.
  describe.skipIf(!process.env.DATABASE_URL)('backup and restore of PostgreSQL', () => {
    const baseUrl = process.env.DATABASE_URL!;
    const secretKey = randomBytes(32).toString('hex');
    const restoredName = `ps_test_restored_${randomBytes(6).toString('hex')}`;
    let source: TestApp;
    let owner: SignedUp;
    let contactId: string;
    let restoredUrl: string;

    beforeAll(async () => {
      source = await startTestApp({ env: { SECRET_KEY: secretKey }, work: false });
      owner = await signUp(source);
      const created = await apiClient(source.url)('POST', '/api/v1/contacts', {
        token: owner.token,
        body: {
          first_name: 'Lucía',
          email: 'lucia.mora@example.com',
          phone: '+506 8777 4321',
          source: 'manual',
        },
      });
      expect(created.status).toBe(201);
      contactId = (await json<{ id: string }>(created)).id;
      restoredUrl = await createScratchDatabase(baseUrl, restoredName);
    });
    afterAll(async () => {
      await source?.close();
      await dropScratchDatabase(baseUrl, restoredName);
    });

    // Two cold CLI runs (tsx) and an app start: ~10 s idle, over a minute on a loaded 2-core box.
    it(
      'backs up a live database, restores it into a fresh one that serves the decrypted data with the same key',
      { timeout: 240_000 },
      async () => {
        const sourceUrl =
          source.config.database.kind === 'postgres' ? source.config.database.url : '';
        const taken = await cli(['backup'], { ...backupEnv, DATABASE_URL: sourceUrl });
        expect(taken).not.toHaveProperty('failed');
        expect(taken.stdout).toMatch(/backup .*promptsales-\d{8}T\d{6}Z\.dump written/);

        const restored = await cli(['restore', '--database-url', restoredUrl], {
          ...backupEnv,
          DATABASE_URL: restoredUrl,
        });
        expect(restored).not.toHaveProperty('failed');

        const app = await startTestApp({
          env: { DATABASE_URL: restoredUrl, SECRET_KEY: secretKey },
          work: false,
        });
        try {
          const tokens = await logIn(app, owner.email, owner.password);
          const response = await apiClient(app.url)('GET', `/api/v1/contacts/${contactId}`, {
            token: tokens.access_token,
          });
          expect(response.status).toBe(200);
          expect(await json(response)).toMatchObject({
            first_name: 'Lucía',
            email: 'lucia.mora@example.com',
            phone: '+50687774321',
          });
        } finally {
          await app.close();
        }
      },
    );

    it(
      'does not give the personal data back to an app started with another key',
      { timeout: 120_000 },
      async () => {
        const readWithWrongKey = async (): Promise<unknown> => {
          const app = await startTestApp({
            env: { DATABASE_URL: restoredUrl, SECRET_KEY: randomBytes(32).toString('hex') },
            work: false,
          });
          try {
            const tokens = await logIn(app, owner.email, owner.password);
            const response = await apiClient(app.url)('GET', `/api/v1/contacts/${contactId}`, {
              token: tokens.access_token,
            });
            return await response.text();
          } finally {
            await app.close();
          }
        };
        // Refusing to start, to sign in or to answer are all fine; showing the data is not.
        const outcome = await readWithWrongKey().catch((error: Error) => error.message);
        expect(String(outcome)).not.toContain('lucia.mora@example.com');
      },
    );

    it('refuses to restore over a database that holds tables', async () => {
      await expect(restoreDatabase(restoredUrl, backup)).rejects.toThrow(
        /already holds \d+ tables: restore into a new, empty database/,
      );
    });
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApplication } from '../src/app/application.js';
import { allModules } from '../src/app/modules.js';
import { ConfigError, loadConfig } from '../src/platform/config/config.js';
import { createScratchDatabase, dropScratchDatabase } from './support/scratch-database.js';

/**
 * A database restored beside the wrong SECRET_KEY must not look healthy: the platform refuses to
 * start on it, saying why, and starts again once the right key is back.
 */
describe('the master key check', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function persistentDatabase(): Promise<Record<string, string>> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ps-key-check-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const base = process.env.DATABASE_URL;
    if (!base) return { DATA_DIR: dataDir };
    const name = `ps_test_key_${randomBytes(4).toString('hex')}`;
    const url = await createScratchDatabase(base, name);
    cleanups.push(() => dropScratchDatabase(base, name));
    return { DATA_DIR: dataDir, DATABASE_URL: url, DATABASE_POOL_MAX: '3' };
  }

  const start = (env: Record<string, string>, secretKey: string) =>
    createApplication({
      config: loadConfig({
        ...env,
        SECRET_KEY: secretKey,
        LOG_LEVEL: 'silent',
        SEED_DEMO_DATA: 'false',
      }),
      modules: allModules,
      work: false,
      migrate: true,
    });

  it('refuses to start with another SECRET_KEY than the database was set up with', async () => {
    const env = await persistentDatabase();
    const rightKey = randomBytes(32).toString('hex');
    const first = await start(env, rightKey);
    await first.close();

    const wrong = start(env, randomBytes(32).toString('hex'));
    await expect(wrong).rejects.toBeInstanceOf(ConfigError);
    await expect(wrong).rejects.toThrow(
      /SECRET_KEY: does not match the key this database was set up with/,
    );

    const again = await start(env, rightKey);
    expect((await again.http.inject({ url: '/readyz' })).statusCode).toBe(200);
    await again.close();
  }, 120_000);
});

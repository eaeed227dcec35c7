import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './support/cli-process.js';
import { createScratchDatabase, dropScratchDatabase } from './support/scratch-database.js';

/**
 * `promptsales worker` as Kubernetes runs it: a whole process whose only HTTP surface is the
 * probes and the metrics, and which stops cleanly on SIGTERM.
 */
describe('the worker process', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it('answers /healthz, /readyz and /metrics, then drains on SIGTERM', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ps-worker-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      SEED_DEMO_DATA: 'false',
    };
    if (process.env.DATABASE_URL) {
      const name = `ps_test_worker_${process.pid}`;
      env.DATABASE_URL = await createScratchDatabase(process.env.DATABASE_URL, name);
      cleanups.push(() => dropScratchDatabase(process.env.DATABASE_URL!, name));
      await runCli('migrate', env);
    }
    const worker = await startCli('worker', env);
    const { address } = worker;

    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    const readiness = await fetch(`${address}/readyz`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ checks: { database: 'up' } });
    const metrics = await (await fetch(`${address}/metrics`)).text();
    expect(metrics).toContain('job_queue_depth');
    expect(metrics).toContain('process_resident_memory_bytes');
    expect((await fetch(`${address}/api/v1/organization`)).status).toBe(404);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  }, 90_000);
});

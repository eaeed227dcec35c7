import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs in a child process so the test can see what only a whole process shows: that it ends on its
 * own after `app.close()` (no timer, socket or pg-boss loop left behind) and raised no unhandled
 * rejection. A short job, a job that never ends and an event are in flight when the close starts.
 */
const child = `
import { z } from 'zod';
import { startTestApp } from './test/support/test-app.ts';
import { defineJob } from './src/platform/jobs/job-definition.ts';

const problems = [];
process.on('unhandledRejection', (error) => problems.push(String(error)));
process.on('uncaughtException', (error) => problems.push(String(error)));

let finished = false;
let markStarted;
const started = new Promise((resolve) => (markStarted = resolve));
const slow = defineJob({
  name: 'shutdown-test.slow',
  payload: z.object({}),
  async handle() {
    markStarted();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    finished = true;
  },
});
let aborted = false;
let markStuck;
const stuckStarted = new Promise((resolve) => (markStuck = resolve));
const stuck = defineJob({
  name: 'shutdown-test.stuck',
  payload: z.object({}),
  async handle(_payload, { signal }) {
    markStuck();
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    aborted = true;
  },
});
const app = await startTestApp({
  env: { SHUTDOWN_TIMEOUT_MS: '4000' },
  modules: [{
    name: 'shutdown-test',
    jobs: [slow, stuck],
    eventHandlers: [{ name: 'shutdown-test.react', eventType: 'shutdown-test.happened', async handle() {} }],
  }],
});
await app.runtime.jobs.send(slow, {});
await app.runtime.jobs.send(stuck, {});
await Promise.all([started, stuckStarted]);
await app.runtime.db.transaction((tx) =>
  app.runtime.events.publish(tx, { type: 'shutdown-test.happened', orgId: null, payload: {} }),
);
const closing = Date.now();
await app.close();
console.log(JSON.stringify({ finished, aborted, closeMs: Date.now() - closing, problems }));
`;

describe('stopping background work', () => {
  it('waits (bounded) for running jobs, stops the relay, and lets the process end on its own', async () => {
    const result = await new Promise<{
      code: number | null;
      stdout: string;
      stderr: string;
      lingerMs: number;
    }>((resolve) => {
      const processHandle = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', child],
        { cwd: process.cwd(), env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      let reportedAt = 0;
      processHandle.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (!reportedAt && stdout.includes('"finished"')) reportedAt = Date.now();
      });
      processHandle.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // A process that does not end on its own is the failure this test exists to catch.
      const killer = setTimeout(() => processHandle.kill('SIGKILL'), 60_000);
      processHandle.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr, lingerMs: reportedAt ? Date.now() - reportedAt : -1 });
      });
    });
    // stderr may carry libraries' start-up notices; crashes and rejections must not be among them.
    expect(result.stderr).not.toMatch(/unhandled|uncaught|Error:/i);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      finished: boolean;
      aborted: boolean;
      closeMs: number;
      problems: string[];
    };
    expect(report.problems).toEqual([]);
    // The 1.5 s job finished; the one that never ends was aborted once the grace period (60% of
    // SHUTDOWN_TIMEOUT_MS = 2.4 s) ran out, and the close still returned in time.
    expect(report.finished).toBe(true);
    expect(report.aborted).toBe(true);
    expect(report.closeMs).toBeGreaterThanOrEqual(2_000);
    expect(report.closeMs).toBeLessThan(6_000);
    expect(result.lingerMs).toBeGreaterThanOrEqual(0);
    expect(result.lingerMs).toBeLessThan(5_000);
  }, 90_000);
});

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * Runs in a child process so the test can see what only a whole process shows: that it ends on its
 * own after `app.close()` (no timer, socket or pg-boss loop left behind) and raised no unhandled
 * rejection. A job is mid-run and an event mid-relay when the close starts.
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
const app = await startTestApp({
  modules: [{
    name: 'shutdown-test',
    jobs: [slow],
    eventHandlers: [{ name: 'shutdown-test.react', eventType: 'shutdown-test.happened', async handle() {} }],
  }],
});
await app.runtime.jobs.send(slow, {});
await started;
await app.runtime.db.transaction((tx) =>
  app.runtime.events.publish(tx, { type: 'shutdown-test.happened', orgId: null, payload: {} }),
);
const closing = Date.now();
await app.close();
console.log(JSON.stringify({ finished, closeMs: Date.now() - closing, problems }));
`;

describe('stopping background work', () => {
  it('waits for a running job, stops the relay, and lets the process end on its own', async () => {
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
      const killer = setTimeout(() => processHandle.kill('SIGKILL'), 25_000);
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
      closeMs: number;
      problems: string[];
    };
    expect(report.problems).toEqual([]);
    expect(report.finished).toBe(true);
    expect(result.lingerMs).toBeGreaterThanOrEqual(0);
    expect(result.lingerMs).toBeLessThan(5_000);
  }, 40_000);
});

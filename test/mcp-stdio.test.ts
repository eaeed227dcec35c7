import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplication } from '../src/app/application.js';
import { allModules } from '../src/app/modules.js';
import type { PlatformStatus } from '../src/modules/mcp/index.js';
import { loadConfig } from '../src/platform/config/config.js';
import { signUp } from './support/identity.js';
import type { TestApp } from './support/test-app.js';

const run = promisify(execFile);
const cli = ['tsx', 'src/main.ts', 'mcp'];

/**
 * `promptsales mcp` as a client launches it: a child process speaking JSON-RPC on stdin/stdout.
 * The child always runs embedded (its own fresh data directory), whatever stack the suite runs on.
 */
describe('MCP over stdio (promptsales mcp)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ps-mcp-stdio-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function childEnv(extra: Record<string, string> = {}): Record<string, string> {
    // Only the basics (PATH, HOME, …): no DATABASE_URL or REDIS_URL leaks in from the test run.
    return { ...getDefaultEnvironment(), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  }

  // A cold child (tsx, PGlite, migrations) starts in ~2 s idle, but took 30 s on a loaded 2-core box.
  it(
    'lists tools and reports the platform status to a local client without a token',
    { timeout: 90_000 },
    async () => {
      const transport = new StdioClientTransport({
        command: 'npx',
        args: cli,
        env: childEnv(),
        cwd: process.cwd(),
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: 'mcp-stdio-test', version: '1.0.0' });
      // A stray non-JSON line on the child's stdout surfaces here as a parse error.
      const protocolErrors: Error[] = [];
      client.onerror = (error) => protocolErrors.push(error);
      await client.connect(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain('platform_get_status');
        // The token-less local operator holds no permission: only tools that need none are listed
        // (the platform's own and the public plan catalogue, as `GET /api/v1/billing/plans`).
        expect(
          tools.map((tool) => tool.name).filter((name) => !name.startsWith('platform_')),
        ).toEqual(['billing_list_plans']);

        const result = (await client.callTool({
          name: 'platform_get_status',
          arguments: {},
        })) as CallToolResult;
        expect(result.isError).toBeFalsy();
        const status = result.structuredContent as unknown as PlatformStatus;
        expect(status).toMatchObject({
          mode: 'embedded',
          database: { kind: 'pglite', reachable: true },
          cache: { backend: 'memory', reachable: true },
        });
        expect(status.modules).toContain('mcp');
        expect(status.queues.length).toBeGreaterThan(0);

        const read = await client.readResource({ uri: 'promptsales://platform/status' });
        expect(read.contents[0]?.mimeType).toBe('application/json');
        // Logs went to stderr (stdout carries only the protocol, or the client would have choked).
        expect(stderr).toContain('No PROMPTSALES_API_TOKEN');
        expect(protocolErrors).toEqual([]);
      } finally {
        await client.close();
      }
      // Closing stdin stops the server and releases the data directory lock.
      expect(await readdir(dataDir)).not.toContain('pgdata.lock');
    },
  );

  it(
    'serves the principal of a real access token in PROMPTSALES_API_TOKEN, refuses a bad one',
    { timeout: 120_000 },
    async () => {
      // Sign up through the real API on the data directory the child will open, then stop the
      // server: embedded PGlite is single-process. Same PUBLIC_URL, so the same issuer/audience.
      const env = { DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1:8080', LOG_LEVEL: 'info' };
      const config = loadConfig({
        ...env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
      });
      const server = await createApplication({ config, modules: allModules, work: false });
      let owner: Awaited<ReturnType<typeof signUp>>;
      try {
        const url = await server.http.listen({ port: 0, host: '127.0.0.1' });
        owner = await signUp({ url } as TestApp);
      } finally {
        await server.close();
      }

      const transport = new StdioClientTransport({
        command: 'npx',
        args: cli,
        env: childEnv({ ...env, PROMPTSALES_API_TOKEN: owner.token }),
        cwd: process.cwd(),
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const client = new Client({ name: 'mcp-stdio-token-test', version: '1.0.0' });
      await client.connect(transport);
      try {
        const result = (await client.callTool({
          name: 'platform_get_status',
          arguments: {},
        })) as CallToolResult;
        expect(result.isError).toBeFalsy();
        expect(result.structuredContent).toMatchObject({
          modules: expect.arrayContaining(['identity', 'mcp']),
        });
        // The identity module's authenticator accepted the token: the caller is the owner.
        expect(stderr).toContain(`user:${owner.userId} in organisation ${owner.orgId}`);
        expect(stderr).not.toContain('No PROMPTSALES_API_TOKEN');
      } finally {
        await client.close();
      }

      // A token the authenticator rejects stops the server (on the now-initialised data
      // directory) with the reason, rather than being ignored.
      const failure = await run('npx', cli, {
        env: childEnv({ ...env, PROMPTSALES_API_TOKEN: 'not-a-real-token' }),
        cwd: process.cwd(),
        timeout: 55_000,
      }).then(
        () => null,
        (error: { code?: number; stderr?: string; stdout?: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain(
        'PROMPTSALES_API_TOKEN was rejected: The bearer token was rejected',
      );
      expect(failure?.stdout).toBe('');
    },
  );

  it('refuses to start without a token in production mode', { timeout: 60_000 }, async () => {
    const failure = await run('npx', cli, {
      // Refused before any connection is attempted: the URL need not answer.
      env: childEnv({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      cwd: process.cwd(),
      timeout: 55_000,
    }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('PROMPTSALES_API_TOKEN is required in production mode');
  });
});

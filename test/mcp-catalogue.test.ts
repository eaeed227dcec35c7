import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  getDefaultEnvironment,
  StdioClientTransport,
} from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createApplication } from '../src/app/application.js';
import { allModules } from '../src/app/modules.js';
import { seedAdsDemo } from '../src/modules/ads/application/demo-seed.js';
import { runEtl } from '../src/modules/analytics/index.js';
import { crmModule } from '../src/modules/crm/index.js';
import { demoAccounts, demoPassword, identityModule } from '../src/modules/identity/index.js';
import { loadConfig } from '../src/platform/config/config.js';
import type { Runtime } from '../src/platform/runtime.js';
import { logIn } from './support/identity.js';
import { demoIds, runToolTable, type ToolState } from './support/mcp-tool-table.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ownerAccount = demoAccounts.find((account) => account.role === 'owner')!;

/** Demo data every tool can act on: an organisation with campaigns, ads, leads and facts. */
async function seedDemo(runtime: Runtime): Promise<void> {
  await identityModule.seed!(runtime);
  await seedAdsDemo(runtime, 1);
  await crmModule.seed!(runtime);
  await runEtl(runtime, { trigger: 'manual' });
}

/** The whole MCP catalogue through real clients: every tool listed and called once. */
describe('the MCP catalogue over Streamable HTTP', () => {
  let app: TestApp;
  let client: Client;
  let state: ToolState;

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemo(app.runtime);
    state = await demoIds(app.runtime);
    const { access_token: token } = await logIn(app, ownerAccount.email, demoPassword);
    client = new Client({ name: 'mcp-catalogue-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  it('lists every tool with camelCase arguments and calls each one', { timeout: 120_000 }, () =>
    runToolTable(client, state, { worker: true }),
  );
});

describe('the MCP catalogue over stdio (promptsales mcp)', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'ps-mcp-catalogue-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'lists every tool with camelCase arguments and calls each one',
    { timeout: 240_000 },
    async () => {
      // Seed the data directory the child will open, then stop: embedded PGlite is one process.
      const env = { DATA_DIR: dataDir, PUBLIC_URL: 'http://127.0.0.1:8080' };
      const config = loadConfig({
        ...env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        SEED_DEMO_DATA: 'false',
      });
      const server = await createApplication({ config, modules: allModules, work: false });
      let token: string;
      let state: ToolState;
      try {
        const url = await server.http.listen({ port: 0, host: '127.0.0.1' });
        await seedDemo(server.runtime);
        state = await demoIds(server.runtime);
        token = (await logIn({ url } as TestApp, ownerAccount.email, demoPassword)).access_token;
      } finally {
        await server.close();
      }

      const client = new Client({ name: 'mcp-catalogue-stdio-test', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: 'npx',
          args: ['tsx', 'src/main.ts', 'mcp'],
          env: {
            ...getDefaultEnvironment(),
            ...env,
            LOG_LEVEL: 'warn',
            PROMPTSALES_API_TOKEN: token,
          },
          cwd: process.cwd(),
          stderr: 'pipe',
        }),
      );
      try {
        // No worker runs beside `promptsales mcp`: generation and planning stay queued.
        await runToolTable(client, state, { worker: false });
      } finally {
        await client.close();
      }
    },
  );
});

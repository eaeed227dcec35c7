import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import packageJson from '../package.json' with { type: 'json' };
import { mcpModule, type PlatformStatus } from '../src/modules/mcp/index.js';
import { AppError } from '../src/platform/errors/app-error.js';
import type { AuthContext } from '../src/platform/http/auth-context.js';
import { requireOrgId } from '../src/platform/mcp/mcp-caller.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { json, type Problem } from './support/http.js';
import { signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Fixed test credentials behind the platform's real authentication hook, until the identity
 * module's tokens replace them here.
 */
function principal(orgId: string, permissions: string[]): AuthContext {
  return {
    principalId: `user:${orgId}-user`,
    orgId,
    userId: `${orgId}-user`,
    clientId: null,
    roles: [],
    scopes: [],
    permissions: new Set(permissions),
  };
}
const principals: Record<string, AuthContext> = {
  'token-org-a-crm': principal('org-a', ['crm:read']),
  'token-org-b-crm': principal('org-b', ['crm:read']),
  'token-org-b-plain': principal('org-b', ['content:read']),
};

const testModule: ModuleDefinition = {
  name: 'mcp-test',
  authenticator: () => async (request) => {
    const header = request.headers.authorization;
    if (!header) return null;
    const auth = principals[header.replace(/^Bearer /, '')];
    if (!auth) throw new AppError('unauthenticated', 'Unknown test token');
    return auth;
  },
  mcp: (registry) => {
    registry.tool({
      name: 'test_get_own_records',
      title: 'Own records',
      description: 'Returns records of the caller organisation (needs crm:read).',
      input: { limit: z.number().int().min(1).max(10) },
      readOnly: true,
      permission: 'crm:read',
      run: async ({ limit }, { caller }) => ({
        orgId: requireOrgId(caller),
        records: Array.from({ length: limit }, (_, i) => `${requireOrgId(caller)}-record-${i}`),
      }),
    });
  },
};

describe('MCP over Streamable HTTP', () => {
  let app: TestApp;
  const clients: Client[] = [];

  async function connect(token: string): Promise<Client> {
    const client = new Client({ name: 'mcp-http-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    clients.push(client);
    return client;
  }

  function textOf(result: CallToolResult): string {
    return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  }

  beforeAll(async () => {
    app = await startTestApp({ modules: [testModule, mcpModule] });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await app?.close();
  });

  it('lists the platform tool and, for a caller with crm:read, the guarded one', async () => {
    const client = await connect('token-org-a-crm');
    expect(client.getServerVersion()).toMatchObject({
      name: 'promptsales',
      version: packageJson.version,
    });
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'platform_get_status',
      'test_get_own_records',
    ]);
    const guarded = tools.find((tool) => tool.name === 'test_get_own_records');
    expect(guarded?.inputSchema).toMatchObject({
      type: 'object',
      properties: { limit: { type: 'integer', minimum: 1, maximum: 10 } },
      required: ['limit'],
    });
    expect(guarded?.annotations?.readOnlyHint).toBe(true);
  });

  it('reports the real platform status through platform_get_status', async () => {
    const client = await connect('token-org-b-plain');
    const result = (await client.callTool({
      name: 'platform_get_status',
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const status = result.structuredContent as unknown as PlatformStatus;
    const onPostgres = Boolean(process.env.DATABASE_URL);
    expect(status).toMatchObject({
      version: packageJson.version,
      mode: onPostgres ? 'production' : 'embedded',
      database: { kind: onPostgres ? 'postgres' : 'pglite', reachable: true },
      cache: {
        configured: process.env.REDIS_URL ? 'redis' : 'memory',
        backend: app.runtime.cache.backend(),
        reachable: true,
      },
      modules: ['mcp-test', 'mcp'],
      mcp: { tools: 2, resources: 1, prompts: 1 },
    });
    expect(status.database.latencyMs).toBeGreaterThanOrEqual(0);
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(Array.isArray(status.queues)).toBe(true);
    // The text part carries the same document for clients that ignore structured content.
    expect(JSON.parse(textOf(result))).toEqual(status);
  });

  it('serves the status resource and the health prompt', async () => {
    const client = await connect('token-org-b-plain');
    const { resources } = await client.listResources();
    expect(resources.map((resource) => resource.uri)).toEqual(['promptsales://platform/status']);
    const read = await client.readResource({ uri: 'promptsales://platform/status' });
    const [content] = read.contents;
    expect(content?.mimeType).toBe('application/json');
    const document = JSON.parse(
      content && 'text' in content ? content.text : '{}',
    ) as PlatformStatus;
    expect(document.database.kind).toBe(app.runtime.database.kind);

    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      expect.objectContaining({
        name: 'summarise_platform_health',
        arguments: [expect.objectContaining({ name: 'audience', required: false })],
      }),
    ]);
    const prompt = await client.getPrompt({
      name: 'summarise_platform_health',
      arguments: { audience: 'executive' },
    });
    const [message] = prompt.messages;
    expect(message?.role).toBe('user');
    expect(message?.content.type === 'text' && message.content.text).toContain('an executive');
    await expect(
      client.getPrompt({ name: 'summarise_platform_health', arguments: { audience: 'board' } }),
    ).rejects.toThrow(/Invalid arguments for prompt summarise_platform_health.*audience/);
  });

  it('refuses a request without a bearer token with 401 problem+json', async () => {
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect((await json<Problem>(response)).code).toBe('unauthenticated');

    const client = new Client({ name: 'anonymous', version: '1.0.0' });
    await expect(
      client.connect(new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`))),
    ).rejects.toThrow(/401|authentication/i);
  });

  it('neither lists nor runs a tool whose permission the caller lacks', async () => {
    const client = await connect('token-org-b-plain');
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['platform_get_status']);
    const result = (await client.callTool({
      name: 'test_get_own_records',
      arguments: { limit: 1 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('needs the permission crm:read');
    expect(result.structuredContent).toBeUndefined();
  });

  it('runs tools for the caller’s own organisation only', async () => {
    const [a, b] = await Promise.all([connect('token-org-a-crm'), connect('token-org-b-crm')]);
    const [fromA, fromB] = (await Promise.all([
      a.callTool({ name: 'test_get_own_records', arguments: { limit: 2 } }),
      b.callTool({ name: 'test_get_own_records', arguments: { limit: 2 } }),
    ])) as CallToolResult[];
    expect(fromA?.structuredContent).toEqual({
      orgId: 'org-a',
      records: ['org-a-record-0', 'org-a-record-1'],
    });
    expect(fromB?.structuredContent).toMatchObject({ orgId: 'org-b' });
  });

  it('answers invalid arguments with a tool error that names the field', async () => {
    const client = await connect('token-org-a-crm');
    const result = (await client.callTool({
      name: 'test_get_own_records',
      arguments: { limit: 50 },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Invalid arguments for tool test_get_own_records: .*limit/);
    const unknown = (await client.callTool({
      name: 'no_such_tool',
      arguments: {},
    })) as CallToolResult;
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('Unknown tool no_such_tool');
  });

  it('is stateless: GET and DELETE answer 405, responses carry the request id', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${app.url}/mcp`, {
        method,
        headers: { authorization: 'Bearer token-org-a-crm' },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect((await json<Problem>(response)).code).toBe('method_not_allowed');
    }
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer token-org-a-crm',
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'x-request-id': 'mcp-req-1',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('mcp-req-1');
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = await json<{ id: number; result: { tools: unknown[] } }>(response);
    expect(body.id).toBe(7);
    expect(body.result.tools).toHaveLength(2);
  });

  it('counts hijacked MCP responses as finished in the in-flight gauge', async () => {
    const client = await connect('token-org-a-crm');
    await client.listTools();
    const metrics = await (await fetch(`${app.operationsUrl}/metrics`)).text();
    // Nothing is in flight on the API port (/metrics is served on the operations port).
    expect(metrics).toMatch(/^http_requests_in_flight 0$/m);
    expect(metrics).toMatch(
      /mcp_tool_calls_total\{tool="test_get_own_records",outcome="forbidden"\} 1/,
    );
  });
});

describe('MCP over Streamable HTTP with the identity module’s tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('serves the owner of a signed-up organisation and refuses a forged token', async () => {
    const owner = await signUp(app);
    const client = new Client({ name: 'mcp-identity-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${owner.token}` } },
      }),
    );
    try {
      const result = (await client.callTool({
        name: 'platform_get_status',
        arguments: {},
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        modules: expect.arrayContaining(['identity', 'mcp']),
      });
    } finally {
      await client.close();
    }

    const [header, payload] = owner.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const response = await fetch(`${app.url}/mcp`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${forged}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    expect((await json<Problem>(response)).code).toBe('unauthenticated');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/**
 * Streams, files and redirects: their bodies are not JSON (server-sent events, CSV, iCalendar,
 * PNG, a tracking pixel, an OAuth callback redirect, MCP’s own protocol), so no JSON schema
 * describes them.
 */
const notJson = new Set([
  'GET /api/v1/content-requests/{id}/events',
  'GET /api/v1/contact-imports/{id}/events',
  'GET /api/v1/campaign-requests/{id}/events',
  'GET /api/v1/notifications/events',
  'GET /api/v1/analytics/events',
  'GET /api/v1/assets/{id}/file',
  'POST /api/v1/assets/export',
  'POST /api/v1/assets/export/{exporter}',
  'GET /api/v1/contacts/export',
  'GET /api/v1/deals/export',
  'GET /api/v1/billing/invoices/{id}/document',
  'GET /api/v1/calendar-feeds/{token}/agenda.ics',
  'GET /api/v1/calendar-feeds/{token}/campaign-requests/{id}/agenda.ics',
  'GET /t/p.gif',
  'GET /t/{code}',
  'GET /api/v1/ads/connections/{provider}/callback',
  'POST /mcp',
]);

/**
 * Clients generate their types from /api/openapi.json (the web app with openapi-typescript): an
 * operation without a success schema becomes `unknown` there, so every JSON one must have one.
 */
describe('the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('describes the success response of every JSON operation', async () => {
    const document = await json<{ paths: Record<string, Record<string, Operation>> }>(
      await fetch(`${app.url}/api/openapi.json`),
    );
    const untyped: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
          status.startsWith('2'),
        );
        const described = successes.some(
          ([status, response]) =>
            status === '204' ||
            Object.values(response.content ?? {}).some(
              (content) => content.schema && Object.keys(content.schema).length > 0,
            ),
        );
        if (!described && !notJson.has(name)) untyped.push(name);
      }
    expect(untyped).toEqual([]);
    // The profile and preferences routes the web app reads are among them.
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/me', '/api/v1/organization', '/api/v1/members/{userId}']),
    );
  });
});

describe('the Idempotency-Key header in the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.close());

  it('is a parameter of exactly the operations that keep responses by key', async () => {
    type Parameter = { in: string; name: string; description?: string };
    const document = await json<{
      paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
    }>(await fetch(`${app.url}/api/openapi.json`));
    const keyed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        (operation.parameters ?? []).some(
          (parameter) => parameter.in === 'header' && parameter.name === 'idempotency-key',
        )
          ? [`${method.toUpperCase()} ${path}`]
          : [],
      ),
    );
    expect(keyed).toEqual(
      expect.arrayContaining([
        'POST /api/v1/campaign-requests',
        'POST /api/v1/content-requests',
        'POST /api/v1/analytics/etl-runs',
      ]),
    );
    expect(keyed.length).toBeGreaterThanOrEqual(30);
    expect(keyed.filter((name) => name.startsWith('GET '))).toEqual([]);
    const parameter = document.paths['/api/v1/campaign-requests']!.post!.parameters!.find(
      (candidate) => candidate.name === 'idempotency-key',
    );
    expect(parameter?.description).toContain('same key and body within 24 hours');
  });
});

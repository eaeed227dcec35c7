import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Problem } from './support/http.js';
import { signUp } from './support/identity.js';
import { sample, type OpenApiDocument } from './support/openapi.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Hostile input on every route of the OpenAPI document, so routes added later are covered too:
 * NUL characters and lone surrogates in bodies, `%00` in paths and queries, and JSON nested far
 * too deep. Each answer must be a 4xx problem+json: never a 5xx, never a cut connection.
 */

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const methodsWithBody = new Set(['post', 'put', 'patch']);

/** Every string in `value` replaced by `text`, plus a top-level property holding it. */
function poisoned(value: unknown, text: string): unknown {
  if (typeof value === 'string') return text;
  if (Array.isArray(value)) return value.map((item) => poisoned(item, text));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, poisoned(item, text)]),
    );
  }
  return value;
}

/** Walking every route takes a while on a busy two-core machine. */
const walkTimeoutMs = 180_000;

function deeplyNested(levels: number): string {
  return `{"probe":${'['.repeat(levels)}${']'.repeat(levels)}}`;
}

describe('hostile input on every route', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let document: OpenApiDocument;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '100000' },
    });
    api = apiClient(app.url);
    document = await json<OpenApiDocument>(await fetch(`${app.url}/api/openapi.json`));
    token = (await signUp(app)).token;
  });
  afterAll(async () => app?.close());

  /** Every documented operation, with its path and OpenAPI description. */
  function operations() {
    return Object.entries(document.paths).flatMap(([path, byMethod]) =>
      methods.flatMap((method) => {
        const operation = byMethod[method];
        return operation ? [{ path, method, operation }] : [];
      }),
    );
  }

  /** A failure line unless the answer is a 4xx problem+json; the body is read to its end. */
  async function verdict(label: string, response: Response): Promise<string[]> {
    const text = await response.text();
    if (response.status >= 500) return [`${label} answered ${response.status}: ${text}`];
    if (response.status < 400) return [`${label} answered ${response.status}`];
    const type = response.headers.get('content-type') ?? '';
    return type.startsWith('application/problem+json') ? [] : [`${label} answered ${type}`];
  }

  function withParameters(path: string, value: string): string {
    return path.replace(/\{\w+\}/g, value);
  }

  it(
    'answers NUL characters and lone surrogates in any JSON body with a 4xx problem',
    async () => {
      const failures: string[] = [];
      let probed = 0;
      for (const { path, method, operation } of operations()) {
        if (!methodsWithBody.has(method)) continue;
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const body = sample(schema);
        const url = withParameters(path, '0190f5c4-0000-7000-8000-000000000000');
        for (const text of ['ab\u0000cd', '\ud800', 'x\udc00y']) {
          const payload = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
          const response = await api(method.toUpperCase(), url, {
            token,
            body: { ...(poisoned(payload, text) as object), utm: { source: text } },
          });
          failures.push(
            ...(await verdict(`${method.toUpperCase()} ${path} ${JSON.stringify(text)}`, response)),
          );
          probed += 1;
        }
      }
      expect(failures).toEqual([]);
      expect(probed).toBeGreaterThan(100);
    },
    walkTimeoutMs,
  );

  it('names the field that holds a NUL character or a lone surrogate', async () => {
    const nul = await api('POST', '/api/v1/companies', { token, body: { name: 'ab\u0000cd' } });
    expect(nul.status).toBe(400);
    expect((await json<Problem>(nul)).errors).toEqual([
      { field: 'body.name', message: expect.stringContaining('NUL') },
    ]);
    const surrogate = await api('POST', '/api/v1/contacts', {
      token,
      body: { email: 'lone@surrogate.example', utm: { source: '\ud800' } },
    });
    expect(surrogate.status).toBe(400);
    expect((await json<Problem>(surrogate)).errors?.[0]?.field).toBe('body.utm.source');
    const companies = await api('GET', '/api/v1/companies', { token });
    expect((await json<{ data: unknown[] }>(companies)).data).toEqual([]);
  });

  it(
    'answers %00 in any path parameter or query value with a 4xx problem',
    async () => {
      const failures: string[] = [];
      for (const { path, method, operation } of operations()) {
        const label = `${method.toUpperCase()} ${path}`;
        if (path.includes('{')) {
          const response = await api(method.toUpperCase(), withParameters(path, 'a%00b'), {
            token,
          });
          failures.push(...(await verdict(`${label} (path %00)`, response)));
        }
        const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
        if (query.length > 0) {
          const search = query.map((parameter) => `${parameter.name}=%00`).join('&');
          const url = `${withParameters(path, '0190f5c4-0000-7000-8000-000000000000')}?${search}`;
          const response = await api(method.toUpperCase(), url, { token });
          failures.push(...(await verdict(`${label} (query %00)`, response)));
        }
      }
      expect(failures).toEqual([]);
    },
    walkTimeoutMs,
  );

  it('refuses %00 before authentication and before a CSV export starts streaming', async () => {
    const link = await fetch(`${app.url}/t/%00`);
    expect(link.status).toBe(400);
    expect(link.headers.get('content-type')).toContain('application/problem+json');
    const exported = await api('GET', '/api/v1/contacts/export?tag=%00', { token });
    expect(exported.status).toBe(400);
    expect((await json<Problem>(exported)).code).toBe('validation_failed');
  });

  it(
    'refuses JSON nested 5,000 levels deep, with or without an Idempotency-Key',
    async () => {
      const failures: string[] = [];
      for (const { path, method } of operations()) {
        if (method !== 'post' || path.includes('{')) continue;
        const response = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `deep-${path}`,
          },
          body: deeplyNested(5000),
        });
        failures.push(...(await verdict(`POST ${path} (5000 levels)`, response)));
      }
      expect(failures).toEqual([]);
      const response = await fetch(`${app.url}/api/v1/companies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: deeplyNested(65),
      });
      expect(response.status).toBe(400);
      expect((await json<Problem>(response)).detail).toContain('deeper than 64 levels');
    },
    walkTimeoutMs,
  );

  it.each([
    {
      what: 'bad percent-encoding',
      path: '/api/v1/contacts/%zzecho-me',
      status: 400,
      code: 'bad_request',
    },
    {
      what: 'an over-long path parameter',
      path: `/api/v1/contacts/echo-me-${'x'.repeat(200)}`,
      status: 414,
      code: 'uri_too_long',
    },
    {
      what: 'oversized headers',
      path: '/healthz',
      headers: { 'x-echo': `echo-me-${'y'.repeat(20_000)}` },
      status: 431,
      code: 'headers_too_large',
    },
  ])('answers $what with a $status problem that does not echo the request', async (probe) => {
    const response = await fetch(`${app.url}${probe.path}`, { headers: probe.headers ?? {} });
    expect(response.status).toBe(probe.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const text = await response.text();
    expect(text).not.toContain('echo-me');
    expect(JSON.parse(text)).toMatchObject({ code: probe.code, status: probe.status });
  });

  it('does not echo an unsupported content type', async () => {
    const response = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/echo-me' },
      body: 'x',
    });
    expect(response.status).toBe(415);
    expect(await response.text()).not.toContain('echo-me');
  });
});

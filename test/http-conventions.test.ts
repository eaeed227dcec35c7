import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ModuleDefinition } from '../src/platform/module.js';
import { paginationQuery, listOf, toPage } from '../src/platform/http/pagination.js';
import { AppError } from '../src/platform/errors/app-error.js';
import { json, type Page, type Problem } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A throwaway module exercising the platform's HTTP conventions through real routes. */
const created = new Map<string, { id: string; name: string }>();
let counter = 0;
const conventionsModule: ModuleDefinition = {
  name: 'conventions',
  routes: async (app) => {
    app.post(
      '/widgets',
      {
        config: { idempotent: true, public: true },
        schema: {
          body: z.object({ name: z.string().min(2), size: z.number().int().positive() }),
          response: { 201: z.object({ id: z.string(), name: z.string() }) },
        },
      },
      async (request, reply) => {
        counter += 1;
        const widget = { id: `w${counter}`, name: request.body.name };
        created.set(widget.id, widget);
        return reply.code(201).send(widget);
      },
    );
    app.get(
      '/widgets',
      {
        config: { public: true },
        schema: {
          querystring: paginationQuery,
          response: { 200: listOf(z.object({ n: z.number() })) },
        },
      },
      async (request) => {
        const all = Array.from({ length: 7 }, (_, i) => ({ n: i }));
        const start = request.query.cursor
          ? Number(Buffer.from(request.query.cursor, 'base64url').toString().match(/\d+/)?.[0]) + 1
          : 0;
        return toPage(
          all.slice(start, start + request.query.limit + 1),
          request.query.limit,
          (r) => r,
          (r) => ({ n: r.n }),
        );
      },
    );
    app.get('/explode', { config: { public: true } }, async () => {
      throw new Error('database password is hunter2');
    });
    app.get('/private', async () => ({ secret: true }));
    app.get('/quota', { config: { public: true } }, async () => {
      throw new AppError('rate_limited', 'Too many generations at once; slow down', {
        retryAfterSeconds: 30,
      });
    });
  },
};

describe('HTTP conventions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      modules: [conventionsModule],
      env: { RATE_LIMIT_PER_MINUTE: '40' },
    });
  });
  afterAll(async () => app?.close());

  it('answers validation errors as problem+json with field details and the request id', async () => {
    const response = await fetch(`${app.url}/api/v1/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc-1' },
      body: JSON.stringify({ name: 'x', size: -1 }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<Problem>(response);
    expect(problem).toMatchObject({
      status: 400,
      code: 'validation_failed',
      request_id: 'req-abc-1',
    });
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['body.name', 'body.size']);
  });

  it('rejects malformed JSON and oversized bodies with a 4xx, never a 500', async () => {
    const malformed = await fetch(`${app.url}/api/v1/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(malformed.status).toBe(400);
    const huge = await fetch(`${app.url}/api/v1/widgets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), size: 1 }),
    });
    expect(huge.status).toBe(413);
    expect((await json<Problem>(huge)).code).toBe('payload_too_large');
  });

  it('hides internal error details behind a 500 problem', async () => {
    const response = await fetch(`${app.url}/api/v1/explode`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect((JSON.parse(text) as Problem).code).toBe('internal');
  });

  it('sets Retry-After from the error', async () => {
    const response = await fetch(`${app.url}/api/v1/quota`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  it('replays an idempotent create and rejects the key reused for another body', async () => {
    const post = (body: unknown, key: string) =>
      fetch(`${app.url}/api/v1/widgets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const first = await post({ name: 'alpha', size: 1 }, 'key-1');
    const again = await post({ name: 'alpha', size: 1 }, 'key-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect([...created.values()].filter((w) => w.name === 'alpha')).toHaveLength(1);
    const reused = await post({ name: 'beta', size: 1 }, 'key-1');
    expect(reused.status).toBe(422);
    expect((await json<Problem>(reused)).code).toBe('idempotency_key_reused');
  });

  it('pages a list with an opaque cursor and rejects a forged one', async () => {
    const first = await json<Page<{ n: number }>>(await fetch(`${app.url}/api/v1/widgets?limit=5`));
    expect(first).toMatchObject({ object: 'list', has_more: true });
    expect(first.data).toHaveLength(5);
    const second = await json<Page<{ n: number }>>(
      await fetch(`${app.url}/api/v1/widgets?limit=5&cursor=${first.next_cursor}`),
    );
    expect(second.data.map((r) => r.n)).toEqual([5, 6]);
    expect(second).toMatchObject({ has_more: false, next_cursor: null });
    const badLimit = await fetch(`${app.url}/api/v1/widgets?limit=1000`);
    expect(badLimit.status).toBe(400);
  });

  it('serves the OpenAPI 3.1 document and the interactive docs', async () => {
    const document = await json<{ openapi: string; paths: Record<string, unknown> }>(
      await fetch(`${app.url}/api/openapi.json`),
    );
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/widgets');
    expect((await fetch(`${app.url}/api/docs/`)).status).toBe(200);
  });

  it('points "Try it out" at the server the docs came from, whatever its host name', async () => {
    // Behind a proxy or reached by another name than PUBLIC_URL, an absolute server URL sent the
    // browser's requests to an origin it could not reach (or that refused it by CORS).
    for (const path of ['/api/openapi.json', '/api/docs/json']) {
      const document = await json<{ servers: { url: string }[] }>(
        await fetch(`${app.url}${path}`, { headers: { host: 'promptsales.example.com' } }),
      );
      expect(document.servers.map((server) => server.url)).toEqual(['/']);
    }
  });

  it('reports liveness and readiness on both ports, Prometheus metrics on the operations port only', async () => {
    for (const base of [app.url, app.operationsUrl]) {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await json<{ checks: { database: string } }>(await fetch(`${base}/readyz`));
      expect(ready.checks.database).toBe('up');
    }
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(`${app.operationsUrl}/metrics`)).text();
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toContain('http_requests_in_flight');
    expect(metrics).toContain('db_pool_connections{state="total"}');
    expect(metrics).toContain('cache_requests_total');
  });

  it('requires a bearer token on every route that is not public', async () => {
    const response = await fetch(`${app.url}/api/v1/private`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect((await json<Problem>(response)).code).toBe('unauthenticated');
  });

  it('limits requests per IP with a 429 problem and Retry-After', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 60 && !limited; i += 1) {
      const response = await fetch(`${app.url}/api/v1/widgets?limit=1`);
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited && (await json<Problem>(limited)).code).toBe('rate_limited');
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sql } from '../src/platform/db/database.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { eventually } from './support/eventually.js';
import { json } from './support/http.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The app keeps serving through a Redis outage: reads fall through to the database, rate limits
 * keep counting in-process, readiness says `degraded`, and Redis is used again once it is back.
 * Runs its own redis-server (it kills it), so it behaves the same on both stacks.
 */
let databaseLoads = 0;
const outageModule: ModuleDefinition = {
  name: 'outage',
  routes: async (app, { runtime }) => {
    app.get(
      '/outage/buckets/:bucket',
      {
        // Exempt from the (deliberately tiny) rate limit so the test can call it freely.
        config: { public: true, rateLimit: false },
        schema: {
          params: z.object({ bucket: z.coerce.number().int().min(1).max(1000) }),
          response: { 200: z.object({ bucket: z.number(), rows: z.number() }) },
        },
      },
      async (request) => {
        const { bucket } = request.params;
        const rows = await runtime.cache.getOrLoad(`outage:bucket:${bucket}`, 300, async () => {
          databaseLoads += 1;
          const [row] = await runtime.database.query<{ rows: number }>(
            sql`select count(*)::int as rows from generate_series(1, ${bucket}::int)`,
          );
          return row?.rows ?? 0;
        });
        return { bucket, rows };
      },
    );
    app.get('/outage/limited', { config: { public: true } }, async () => ({ ok: true }));
  },
};

interface Readiness {
  status: string;
  checks: { database: string; cache: string };
}

const rateLimit = 5;

describe('Redis outage', () => {
  let redis: RedisServer;
  let app: TestApp;
  let admin: Redis;
  let prefix: string;

  const readiness = async () => json<Readiness>(await fetch(`${app.url}/readyz`));

  async function timedGet(path: string) {
    const started = performance.now();
    const response = await fetch(`${app.url}${path}`);
    const body: unknown = await response.json();
    return { status: response.status, body, ms: performance.now() - started };
  }

  /** Requests the rate-limited route until a 429 (or twice the limit); returns the statuses. */
  async function exhaustRateLimit() {
    const statuses: number[] = [];
    for (let i = 0; i < rateLimit * 2 && !statuses.includes(429); i += 1) {
      const { status, ms } = await timedGet('/api/v1/outage/limited');
      expect(ms).toBeLessThan(750);
      statuses.push(status);
    }
    return statuses;
  }

  beforeAll(async () => {
    redis = await createRedisServer();
    await redis.start();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    admin.on('error', () => undefined);
    app = await startTestApp({
      env: { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: String(rateLimit) },
      modules: [outageModule],
    });
    prefix = app.config.cacheKeyPrefix;
  });

  afterAll(async () => {
    await app?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('serves from Redis while it is up', async () => {
    const ready = await eventually(readiness, (r) => r.status === 'ready', 5_000);
    expect(ready).toEqual({ status: 'ready', checks: { database: 'up', cache: 'redis' } });

    const first = await timedGet('/api/v1/outage/buckets/7');
    expect(first).toMatchObject({ status: 200, body: { bucket: 7, rows: 7 } });
    expect(await admin.get(`${prefix}outage:bucket:7`)).toBe('7');
    const loadsBefore = databaseLoads;
    expect((await timedGet('/api/v1/outage/buckets/7')).body).toEqual({ bucket: 7, rows: 7 });
    expect(databaseLoads).toBe(loadsBefore);

    const statuses = await exhaustRateLimit();
    expect(statuses.slice(0, rateLimit).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Limit counters reach Redis in batches, a few tens of milliseconds after the requests.
    const counters = await eventually(
      () => admin.keys(`${prefix}rl:*`),
      (keys) => keys.length > 0,
      2_000,
    );
    expect(counters).not.toHaveLength(0);
  });

  it('keeps answering from the database, degraded, when Redis is killed', async () => {
    admin.disconnect();
    await redis.kill();

    const loadsBefore = databaseLoads;
    const answers = [];
    for (const bucket of [7, 8, 9, 7])
      answers.push(await timedGet(`/api/v1/outage/buckets/${bucket}`));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.body)).toEqual([
      { bucket: 7, rows: 7 },
      { bucket: 8, rows: 8 },
      { bucket: 9, rows: 9 },
      { bucket: 7, rows: 7 },
    ]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(750);
    // Bucket 7 was cached in Redis, which is gone: it is loaded again, then cached locally.
    expect(databaseLoads - loadsBefore).toBe(3);

    const degraded = await eventually(readiness, (r) => r.status === 'degraded', 2_000);
    expect(degraded).toEqual({
      status: 'degraded',
      checks: { database: 'up', cache: 'redis-unreachable' },
    });

    // Rate limiting keeps working on the process's own counters.
    const statuses = await exhaustRateLimit();
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(rateLimit);

    const metrics = await (await fetch(`${app.operationsUrl}/metrics`)).text();
    expect(metrics).toContain('cache_redis_up 0');
    expect(metrics).toMatch(/cache_requests_total\{outcome="hit",backend="memory"\} [1-9]/);
  });

  it('uses Redis again once it is back on the same address', async () => {
    await redis.start();
    const ready = await eventually(readiness, (r) => r.status === 'ready', 10_000);
    expect(ready).toEqual({ status: 'ready', checks: { database: 'up', cache: 'redis' } });

    await admin.connect();
    const answer = await timedGet('/api/v1/outage/buckets/11');
    expect(answer).toMatchObject({ status: 200, body: { bucket: 11, rows: 11 } });
    expect(await admin.get(`${prefix}outage:bucket:11`)).toBe('11');
    // A value cached locally during the outage is not served over Redis: it is loaded again.
    const loadsBefore = databaseLoads;
    expect((await timedGet('/api/v1/outage/buckets/8')).body).toEqual({ bucket: 8, rows: 8 });
    expect(databaseLoads).toBe(loadsBefore + 1);
    expect(await admin.get(`${prefix}outage:bucket:8`)).toBe('8');

    // The fresh Redis has no counters, so the limiter counts there again from zero.
    const statuses = await exhaustRateLimit();
    expect(statuses.at(-1)).toBe(429);
    // Limit counters reach Redis in batches, a few tens of milliseconds after the requests.
    const counters = await eventually(
      () => admin.keys(`${prefix}rl:*`),
      (keys) => keys.length > 0,
      2_000,
    );
    expect(counters).not.toHaveLength(0);

    const metrics = await (await fetch(`${app.operationsUrl}/metrics`)).text();
    expect(metrics).toContain('cache_redis_up 1');
  });
});

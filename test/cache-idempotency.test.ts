import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../src/platform/errors/app-error.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Idempotency keys kept in Redis (so every replica sees them), and refusals that will reset not
 * kept. One app stands for all replicas: while Redis is up its cache holds nothing locally, so a
 * replay can only come from Redis.
 */
let quotaLeft = 0;
let created = 0;
const ordersModule: ModuleDefinition = {
  name: 'orders',
  routes: async (app) => {
    app.post(
      '/orders',
      {
        config: { public: true, idempotent: true },
        schema: {
          body: z.object({ item: z.string() }),
          response: { 201: z.object({ id: z.number(), item: z.string() }) },
        },
      },
      async (request, reply) => {
        if (quotaLeft <= 0) {
          throw new AppError('quota_exceeded', 'Monthly orders used up', { retryAfterSeconds: 1 });
        }
        quotaLeft -= 1;
        created += 1;
        return reply.code(201).send({ id: created, item: request.body.item });
      },
    );
  },
};

describe('idempotency keys in Redis', () => {
  let redis: RedisServer;
  let admin: Redis;
  let app: TestApp;

  const post = (key: string, item: string) =>
    fetch(`${app.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ item }),
    });

  const storedRecords = async () => {
    const keys = await admin.keys(`${app.config.cacheKeyPrefix}idem:*`);
    return Promise.all(keys.map(async (key) => JSON.parse((await admin.get(key)) ?? 'null')));
  };

  beforeAll(async () => {
    redis = await createRedisServer();
    await redis.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    app = await startTestApp({ env: { REDIS_URL: redis.url }, modules: [ordersModule] });
  });

  afterAll(async () => {
    await app?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('keeps the response in Redis and replays it instead of creating twice', async () => {
    quotaLeft = 10;
    const before = created;
    const first = await post('order-1', 'tea');
    expect(first.status).toBe(201);
    expect(await storedRecords()).toEqual([
      expect.objectContaining({ state: 'done', status: 201 }),
    ]);
    const retry = await post('order-1', 'tea');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect(created - before).toBe(1);
    expect((await post('order-1', 'coffee')).status).toBe(422);
  });

  it('does not replay a 429: the retry runs once the quota allows it', async () => {
    quotaLeft = 0;
    const refused = await post('order-2', 'cake');
    expect(refused.status).toBe(429);
    quotaLeft = 1;
    const retried = await post('order-2', 'cake');
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await retried.json()).toMatchObject({ item: 'cake' });
  });
});

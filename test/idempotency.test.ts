import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../src/platform/errors/app-error.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Idempotency keys kept in the database: a key is honoured exactly once whatever Redis does, and
 * a request that was refused (validation, a limit) leaves its key free for the corrected request.
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
        if (request.body.item === 'nothing')
          throw AppError.validation('Nothing is not an item', [
            { field: 'item', message: 'is not sold' },
          ]);
        if (quotaLeft <= 0) {
          throw new AppError('rate_limited', 'Too many orders; retry in a second', {
            retryAfterSeconds: 1,
          });
        }
        quotaLeft -= 1;
        created += 1;
        return reply.code(201).send({ id: created, item: request.body.item });
      },
    );
  },
};

describe('idempotency keys', () => {
  let redis: RedisServer;
  let app: TestApp;

  const post = (key: string, item: string) =>
    fetch(`${app.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ item }),
    });

  const storedKeys = () =>
    app.runtime.database.query<{ key: string; status: number | null }>(
      sql`select key, status from platform.idempotency_keys`,
    );

  beforeAll(async () => {
    redis = await createRedisServer();
    await redis.start();
    app = await startTestApp({ env: { REDIS_URL: redis.url }, modules: [ordersModule] });
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  it('keeps the response and replays it instead of creating twice', async () => {
    quotaLeft = 10;
    const before = created;
    const first = await post('order-1', 'tea');
    expect(first.status).toBe(201);
    expect(await storedKeys()).toEqual([
      expect.objectContaining({ key: expect.stringContaining('order-1'), status: 201 }),
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

  it('does not consume a key on a request that failed validation', async () => {
    quotaLeft = 1;
    const invalid = await post('order-3', 'nothing');
    expect(invalid.status).toBe(400);
    const corrected = await post('order-3', 'bread');
    expect(corrected.status).toBe(201);
    expect(await corrected.json()).toMatchObject({ item: 'bread' });
  });

  it('honours a key exactly once across a Redis outage', async () => {
    quotaLeft = 10;
    const before = created;
    const beforeOutage = await post('order-4', 'jam');
    expect(beforeOutage.status).toBe(201);
    await redis.kill();
    try {
      const replayedDuringOutage = await post('order-4', 'jam');
      expect(replayedDuringOutage.status).toBe(201);
      expect(replayedDuringOutage.headers.get('idempotent-replayed')).toBe('true');
      const duringOutage = await post('order-5', 'honey');
      expect(duringOutage.status).toBe(201);
    } finally {
      await redis.start();
    }
    const replayedAfter = await post('order-5', 'honey');
    expect(replayedAfter.status).toBe(201);
    expect(replayedAfter.headers.get('idempotent-replayed')).toBe('true');
    expect(created - before).toBe(2);
  });
});

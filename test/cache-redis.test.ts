import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisCache, type RedisCacheOptions } from '../src/platform/cache/redis-cache.js';
import { createRedisServer, type RedisServer } from './support/redis-server.js';
import { eventually } from './support/eventually.js';

interface LogLine {
  level: number;
  msg: string;
}

/** Waits until `condition` holds (see eventually). */
const waitFor = (condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) =>
  eventually(condition, (met) => met, timeoutMs);

const warn = 40;
const info = 30;

describe('RedisCache against a real Redis', () => {
  let server: RedisServer;
  let admin: Redis;
  const caches: RedisCache[] = [];
  const prefix = `test:cache-redis:${randomBytes(4).toString('hex')}:`;

  function cache(options: Partial<RedisCacheOptions> = {}) {
    const lines: LogLine[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const created = new RedisCache({
      url: server.url,
      keyPrefix: prefix,
      log,
      commandTimeoutMs: 200,
      maxReconnectDelayMs: 200,
      probeIntervalMs: 100,
      ...options,
    });
    caches.push(created);
    return { cache: created, lines };
  }

  beforeAll(async () => {
    server = await createRedisServer();
    await server.start();
    admin = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });

  afterEach(async () => {
    await Promise.all(caches.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    admin?.disconnect();
    await server?.stop();
  });

  it('stores JSON values under the configured key prefix with their ttl', async () => {
    const { cache: c } = cache();
    await c.set('campaign:1', { name: 'Spring', budget: { amount: 5000, currency: 'EUR' } }, 30);
    expect(c.backend()).toBe('redis');
    expect(await c.ping()).toBe(true);
    expect(JSON.parse((await admin.get(`${prefix}campaign:1`)) ?? 'null')).toEqual({
      name: 'Spring',
      budget: { amount: 5000, currency: 'EUR' },
    });
    const pttl = await admin.pttl(`${prefix}campaign:1`);
    expect(pttl).toBeGreaterThan(29_000);
    expect(pttl).toBeLessThanOrEqual(30_000);
    expect(await c.get('campaign:1')).toEqual({
      name: 'Spring',
      budget: { amount: 5000, currency: 'EUR' },
    });
    await c.delete('campaign:1');
    expect(await admin.exists(`${prefix}campaign:1`)).toBe(0);
    expect(await c.get('campaign:1')).toBeUndefined();
  });

  it('counts atomically across processes and starts a new window when one expires', async () => {
    const { cache: a } = cache();
    const { cache: b } = cache();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).increment('rl:ip:1', 60)),
    );
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(results.every((r) => r.ttlSeconds > 0 && r.ttlSeconds <= 60)).toBe(true);
    const pttl = await admin.pttl(`${prefix}rl:ip:1`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(60_000);

    expect((await a.increment('rl:short', 0.2)).count).toBe(1);
    expect((await b.increment('rl:short', 0.2)).count).toBe(2);
    await waitFor(async () => (await admin.exists(`${prefix}rl:short`)) === 0);
    expect((await a.increment('rl:short', 0.2)).count).toBe(1);
  });

  it('lets exactly one of several processes claim a key with setIfAbsent', async () => {
    const contenders = [cache().cache, cache().cache, cache().cache];
    const claims = await Promise.all(
      contenders.map((c, i) => c.setIfAbsent('idem:k1', { state: 'pending', by: i }, 60)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims.indexOf(true);
    expect(await contenders[(winner + 1) % 3]?.get('idem:k1')).toEqual({
      state: 'pending',
      by: winner,
    });
  });

  it('shares loaded values between processes through Redis', async () => {
    const { cache: a } = cache();
    const { cache: b } = cache();
    let loads = 0;
    const load = async () => ({ rows: (loads += 1) });
    expect(await a.getOrLoad('dashboard:1', 30, load)).toEqual({ rows: 1 });
    expect(await b.getOrLoad('dashboard:1', 30, load)).toEqual({ rows: 1 });
    expect(loads).toBe(1);
  });

  it('answers a near read from the process for nearMs, drops it on a local delete, and another process sees a change once it expires', async () => {
    const lookups: string[] = [];
    const { cache: a } = cache({
      observer: { onLookup: (outcome, backend) => lookups.push(`${outcome}:${backend}`) },
    });
    const { cache: b } = cache();
    let version = 1;
    const load = async () => ({ version });
    const near = { nearMs: 300 };
    expect(await a.getOrLoad('near:1', 30, load, near)).toEqual({ version: 1 });
    expect(await a.getOrLoad('near:1', 30, load, near)).toEqual({ version: 1 });
    expect(lookups).toEqual(['miss:redis', 'hit:near']);

    // Another process changes the value: this one answers its own copy until it expires.
    version = 2;
    await b.delete('near:1');
    expect(await a.getOrLoad('near:1', 30, load, near)).toEqual({ version: 1 });
    await waitFor(async () => (await a.getOrLoad('near:1', 30, load, near)).version === 2, 2_000);

    // A delete in this process takes effect at once.
    version = 3;
    await a.delete('near:1');
    expect(await a.getOrLoad('near:1', 30, load, near)).toEqual({ version: 3 });
    // Without nearMs every read asks Redis.
    const before = lookups.length;
    await a.getOrLoad('near:1', 30, load);
    expect(lookups.slice(before)).toEqual(['hit:redis']);
  });

  it('falls back quickly while Redis hangs, then invalidates what changed and uses Redis again', async () => {
    const { cache: c, lines } = cache({ commandTimeoutMs: 400 });
    await c.set('profile:7', { name: 'before' }, 60);
    expect(c.backend()).toBe('redis');

    server.pause();
    try {
      let started = Date.now();
      // The first command waits out the command timeout (400 ms here), then the fallback answers.
      expect(await c.get('profile:7')).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(c.backend()).toBe('memory');
      expect(await c.ping()).toBe(false);
      started = Date.now();
      // Later commands do not touch Redis at all while it is down.
      await c.delete('profile:7');
      expect((await c.increment('rl:hang', 60)).count).toBe(1);
      expect(await c.getOrLoad('profile:8', 60, async () => 'from-db')).toBe('from-db');
      // (Any of them trying Redis would take the 400 ms command timeout.)
      expect(Date.now() - started).toBeLessThan(400);
    } finally {
      server.resume();
    }

    await waitFor(() => c.backend() === 'redis');
    expect(await c.ping()).toBe(true);
    // The delete made during the outage reached Redis, so the stale value is not served again.
    expect(await admin.exists(`${prefix}profile:7`)).toBe(0);
    expect(await c.get('profile:7')).toBeUndefined();
    expect(lines.filter((l) => l.level === warn)).toHaveLength(1);
    expect(lines.filter((l) => l.level === info).map((l) => l.msg)).toEqual([
      'Redis cache connected',
      'Redis is reachable again; using it for the cache',
    ]);
  });

  it('starts on the fallback when Redis is down and connects once it is up', async () => {
    const down = await createRedisServer();
    try {
      const { cache: c, lines } = cache({ url: down.url });
      expect(await c.ping()).toBe(false);
      expect(c.backend()).toBe('memory');
      await c.set('k', 'local', 60);
      expect(await c.get('k')).toBe('local');

      await down.start();
      await waitFor(() => c.backend() === 'redis');
      // The local value is not carried over: Redis is the source again.
      expect(await c.get('k')).toBeUndefined();
      await c.set('k', 'shared', 60);
      const direct = new Redis(down.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await direct.get(`${prefix}k`)).toBe('"shared"');
      } finally {
        direct.disconnect();
      }
      expect(lines.filter((l) => l.level === warn)).toHaveLength(1);
    } finally {
      await down.stop();
    }
  });
});

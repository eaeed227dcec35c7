import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleDefinition } from '../src/platform/module.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

/**
 * Route-specific rate limits counted by the cache-backed store (in Redis on the Redis stack):
 * each route counts on its own, a `groupId` shares one count, and a route's own window applies.
 */
const limitsModule: ModuleDefinition = {
  name: 'limits',
  routes: async (app) => {
    const limited = (rateLimit: Record<string, unknown>) => ({
      config: { public: true, rateLimit },
    });
    app.get('/limits/a', limited({ max: 2, timeWindow: 60_000 }), async () => ({ route: 'a' }));
    app.get('/limits/b', limited({ max: 2, timeWindow: 60_000 }), async () => ({ route: 'b' }));
    app.get('/limits/c', limited({ max: 2, timeWindow: 60_000, groupId: 'cd' }), async () => ({
      route: 'c',
    }));
    app.get('/limits/d', limited({ max: 2, timeWindow: 60_000, groupId: 'cd' }), async () => ({
      route: 'd',
    }));
    app.get('/limits/short', limited({ max: 1, timeWindow: 500 }), async () => ({
      route: 'short',
    }));
  },
};

describe('route rate limits on the cache', () => {
  let app: TestApp;
  const status = async (path: string) => (await fetch(`${app.url}/api/v1${path}`)).status;

  beforeAll(async () => {
    app = await startTestApp({ modules: [limitsModule] });
  });
  afterAll(async () => app?.close());

  it('counts each route with its own limit separately', async () => {
    expect([
      await status('/limits/a'),
      await status('/limits/a'),
      await status('/limits/a'),
    ]).toEqual([200, 200, 429]);
    expect([
      await status('/limits/b'),
      await status('/limits/b'),
      await status('/limits/b'),
    ]).toEqual([200, 200, 429]);
  });

  it('shares one count among the routes of a group', async () => {
    expect([
      await status('/limits/c'),
      await status('/limits/d'),
      await status('/limits/c'),
    ]).toEqual([200, 200, 429]);
    expect(await status('/limits/d')).toBe(429);
  });

  it("applies the route's own time window", async () => {
    expect(await status('/limits/short')).toBe(200);
    const limited = await fetch(`${app.url}/api/v1/limits/short`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(1);
    // The one-second window passes in real time: the next request after it is let through.
    expect(
      await eventually(
        () => status('/limits/short'),
        (again) => again !== 429,
        3_000,
      ),
    ).toBe(200);
  });
});

import cors from '@fastify/cors';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { corsOptions } from './cors-options.js';

async function serverWith(origins: string[]) {
  const app = Fastify();
  await app.register(cors, corsOptions(origins));
  app.get('/thing', async () => ({ ok: true }));
  app.delete('/thing', async () => ({ ok: true }));
  return app;
}

const preflight = (origin: string, method: string) => ({
  method: 'OPTIONS' as const,
  url: '/thing',
  headers: { origin, 'access-control-request-method': method },
});

describe('API CORS from CORS_ORIGINS', () => {
  it('answers `*` with the wildcard and without credentials, never by reflecting the origin', async () => {
    const app = await serverWith(['*']);
    const response = await app.inject({
      url: '/thing',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('allows the listed origins only, with every method the API uses in preflights', async () => {
    const app = await serverWith(['https://app.example']);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const allowed = await app.inject(preflight('https://app.example', method));
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(String(allowed.headers['access-control-allow-methods'])).toContain(method);
    }
    const foreign = await app.inject(preflight('https://evil.example', 'DELETE'));
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers when no origin is configured', async () => {
    const app = await serverWith([]);
    const response = await app.inject({
      url: '/thing',
      headers: { origin: 'https://app.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allModules } from '../src/app/modules.js';
import { streamEvents } from '../src/platform/http/server-sent-events.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { apiClient } from './support/http.js';
import { signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const webOrigin = 'https://app.example';
const evilOrigin = 'https://evil.example';

/** One short event stream, the way every module streams progress. */
const streamModule: ModuleDefinition = {
  name: 'stream',
  routes: async (app) => {
    app.get('/one-event', { config: { public: true } }, async (request, reply) =>
      streamEvents(request, reply, async function* one() {
        yield { event: 'done', data: { ok: true } };
      }),
    );
  },
};

describe('what a browser may read: CORS, caching and event-stream headers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      modules: [...allModules, streamModule],
      env: {
        CORS_ORIGINS: webOrigin,
        OIDC_WEB_REDIRECT_URIS: `${webOrigin}/auth/callback`,
      },
    });
  });
  afterAll(async () => app?.close());

  const oauth = (path: string, origin: string, body: Record<string, string>) =>
    fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'promptsales-web', ...body }).toString(),
    });

  it.each([
    ['/oauth/token', { grant_type: 'refresh_token', refresh_token: 'not-a-real-token' }],
    ['/oauth/revoke', { token: 'not-a-real-token' }],
  ])('lets only the web app’s origins call %s from a browser', async (path, body) => {
    const evil = await oauth(path, evilOrigin, body);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.status).toBe(400);
    const own = await oauth(path, webOrigin, body);
    expect(own.headers.get('access-control-allow-origin')).toBe(webOrigin);
    // The web app served by this server calls it from the server's own origin.
    const sameOrigin = new URL(app.url).origin;
    const same = await oauth(path, sameOrigin, body);
    expect(same.headers.get('access-control-allow-origin')).toBe(sameOrigin);
  });

  it('keeps API answers with personal data out of every cache', async () => {
    const owner = await signUp(app);
    const api = apiClient(app.url);
    const organization = await api('GET', '/api/v1/organization', { token: owner.token });
    expect(organization.status).toBe(200);
    expect(organization.headers.get('cache-control')).toBe('no-store');
    const login = await api('POST', '/api/v1/auth/login', {
      body: { email: owner.email, password: owner.password },
    });
    expect(login.headers.get('cache-control')).toBe('no-store');
  });

  it("gives API answers the REST set of security headers, and pages helmet's", async () => {
    const owner = await signUp(app);
    const answer = await apiClient(app.url)('GET', '/api/v1/organization', { token: owner.token });
    expect(answer.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // Page-only headers say nothing to a JSON reader.
    expect(answer.headers.get('x-dns-prefetch-control')).toBeNull();
    expect(answer.headers.get('x-download-options')).toBeNull();

    const docs = await fetch(`${app.url}/api/docs/`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(docs.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('sends the CORS and security headers with an event stream too', async () => {
    const response = await fetch(`${app.url}/api/v1/one-event`, {
      headers: { origin: webOrigin, 'x-request-id': 'stream-1' },
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(await response.text()).toContain('event: done');
    expect(response.headers.get('access-control-allow-origin')).toBe(webOrigin);
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-request-id')).toBe('stream-1');
    // The stream's own cache policy, not the API default.
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
  });
});

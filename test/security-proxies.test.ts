import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, uniqueEmail, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface AuditEntry {
  action: string;
  ip: string | null;
}

/** The client address the audit log records for a sign-in sent with this X-Forwarded-For. */
async function loginAuditIp(app: TestApp, owner: SignedUp, forwardedFor: string) {
  const api = apiClient(app.url);
  const logins = async () => {
    const page = await json<Page<AuditEntry>>(
      await api('GET', '/api/v1/audit-log?limit=100', { token: owner.token }),
    );
    return page.data.filter((entry) => entry.action === 'auth.logged_in');
  };
  const before = (await logins()).length;
  const login = await api('POST', '/api/v1/auth/login', {
    body: { email: owner.email, password: owner.password },
    headers: { 'x-forwarded-for': forwardedFor },
  });
  expect(login.status).toBe(200);
  // The audit log is written in batches, a moment after the answer; newest first.
  const after = await eventually(logins, (entries) => entries.length > before, 10_000);
  return after[0]?.ip;
}

let spoofed = 0;
const spoofedAddress = () => `203.0.113.${(spoofed += 1)}`;

describe('X-Forwarded-For from a client that is not a trusted proxy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        RATE_LIMIT_PER_MINUTE: '40',
        AUTH_RATE_LIMIT_PER_MINUTE: '3',
        LOGIN_FAILURES_PER_IP_PER_HOUR: '3',
      },
    });
  });
  afterAll(async () => app?.close());

  it('is ignored by the audit log, which records the connection’s address', async () => {
    const owner = await signUp(app);
    expect(await loginAuditIp(app, owner, '198.51.100.66')).toBe('127.0.0.1');
  });

  it('does not escape the sign-in spray limit or the password-reset limit', async () => {
    const api = apiClient(app.url);
    const spray: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await api('POST', '/api/v1/auth/login', {
        body: { email: uniqueEmail('victim'), password: 'Wrong-password-1' },
        headers: { 'x-forwarded-for': spoofedAddress() },
      });
      spray.push(response.status);
    }
    expect(spray).toEqual([401, 401, 401, 429]);

    const email = uniqueEmail('reset');
    const resets: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await api('POST', '/api/v1/auth/password-reset/request', {
        body: { email },
        headers: { 'x-forwarded-for': spoofedAddress() },
      });
      resets.push(response.status);
    }
    expect(resets).toEqual([202, 202, 202, 429]);
  });

  it('does not escape the per-IP request limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45 && !statuses.includes(429); i += 1) {
      const response = await fetch(`${app.url}/.well-known/openid-configuration`, {
        headers: { 'x-forwarded-for': spoofedAddress() },
      });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
  });
});

describe('X-Forwarded-For from a proxy named in TRUSTED_PROXIES', () => {
  let app: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    app = await startTestApp({ env: { TRUSTED_PROXIES: '127.0.0.1/32' } });
    owner = await signUp(app);
  });
  afterAll(async () => app?.close());

  it('names the client, and only the address the proxy itself saw', async () => {
    expect(await loginAuditIp(app, owner, '198.51.100.66')).toBe('198.51.100.66');
    // A client may send its own X-Forwarded-For; the proxy appends the address it saw.
    expect(await loginAuditIp(app, owner, '10.9.9.9, 198.51.100.77')).toBe('198.51.100.77');
  });
});

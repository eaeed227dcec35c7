import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Problem } from './support/http.js';
import { signUp, uniqueEmail } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('login back-off, lockout and rate limits', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        LOGIN_LOCKOUT_THRESHOLD: '5',
        LOGIN_LOCKOUT_BASE_SECONDS: '1',
        AUTH_RATE_LIMIT_PER_MINUTE: '10',
        RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '30',
      },
    });
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  const login = (email: string, password: string) =>
    api('POST', '/api/v1/auth/login', { body: { email, password } });

  it('locks after 5 failures, doubles the lock on the next failure, and lets the right password in after it', async () => {
    const owner = await signUp(app);
    for (let i = 0; i < 5; i += 1)
      expect((await login(owner.email, 'Wrong-password-1')).status).toBe(401);
    const locked = await login(owner.email, owner.password);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect((await json<Problem>(locked)).detail).toMatch(/Too many failed sign-in attempts/);

    await sleep(1100);
    // Lock over: one more failure locks again, for twice as long.
    expect((await login(owner.email, 'Wrong-password-1')).status).toBe(401);
    const relocked = await login(owner.email, owner.password);
    expect(relocked.status).toBe(429);
    expect(relocked.headers.get('retry-after')).toBe('2');

    // Two seconds pass.
    await app.runtime.database.query(
      sql`update identity.users set locked_until = now() - interval '1 second' where id = ${owner.userId}`,
    );
    expect((await login(owner.email, owner.password)).status).toBe(200);
    // Success resets the count: one more failure is a plain 401, not a lock. (That is the 10th
    // attempt: the per-IP-and-email limit of this app allows no more within the minute.)
    expect((await login(owner.email, 'Wrong-password-1')).status).toBe(401);
    const rows = await app.runtime.database.query<{
      failed_logins: number;
      locked_until: string | null;
    }>(sql`select failed_logins, locked_until from identity.users where id = ${owner.userId}`);
    expect(rows[0]).toMatchObject({ failed_logins: 1, locked_until: null });
  });

  it('treats an unknown email exactly like a known one, lockout included', async () => {
    const email = uniqueEmail('ghost');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await login(email, 'Wrong-password-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('spends about the same time on an unknown email as on a wrong password', async () => {
    const owner = await signUp(app);
    const time = async (email: string) => {
      const started = performance.now();
      await login(email, 'Wrong-password-1');
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[1] ?? 0;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      known.push(await time(owner.email));
      unknown.push(await time(uniqueEmail('nobody')));
    }
    // Without the dummy hash an unknown email answers ~10x faster than a wrong password.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  it('limits sign-in attempts per IP and email with a 429 and Retry-After', async () => {
    const email = uniqueEmail('sprayed');
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 11; i += 1) {
      const response = await api('POST', '/api/v1/auth/password-reset/request', {
        body: { email },
      });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 10).every((s) => s === 202)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same address is not affected.
    const other = await api('POST', '/api/v1/auth/password-reset/request', {
      body: { email: uniqueEmail('other') },
    });
    expect(other.status).toBe(202);
  });

  it('limits requests per principal, whatever the IP, with a 429 and Retry-After', async () => {
    const busy = await signUp(app);
    const calm = await signUp(app);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 31; i += 1) {
      const response = await api('GET', '/api/v1/organization', { token: busy.token });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses[30]).toBe(429);
    expect(limited?.headers.get('x-ratelimit-scope')).toBe('principal');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited && (await json<Problem>(limited)).code).toBe('rate_limited');
    expect((await api('GET', '/api/v1/organization', { token: calm.token })).status).toBe(200);
  });
});

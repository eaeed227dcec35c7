import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Problem } from './support/http.js';
import { lastCodeSentTo, signUp, uniqueEmail } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Each test signs in from networks of its own: the test client is the trusted proxy. */
const network = (() => {
  let next = 0;
  return () => `198.51.100.${(next += 1)}`;
})();

describe('sign-in throttling per network and account, spray limits and rate limits', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp({
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        LOGIN_LOCKOUT_THRESHOLD: '5',
        LOGIN_LOCKOUT_BASE_SECONDS: '1',
        LOGIN_FAILURES_PER_IP_PER_HOUR: '8',
        AUTH_RATE_LIMIT_PER_MINUTE: '30',
        RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE: '30',
      },
    });
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  const login = (from: string, email: string, password: string) =>
    api('POST', '/api/v1/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': from },
    });

  it('throttles one network after 5 failures on an account, doubling, while its owner signs in from elsewhere', async () => {
    const owner = await signUp(app);
    const attacker = network();
    for (let i = 0; i < 5; i += 1)
      expect((await login(attacker, owner.email, 'Wrong-password-1')).status).toBe(401);
    const throttled = await login(attacker, owner.email, owner.password);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect((await json<Problem>(throttled)).detail).toMatch(/Too many failed sign-in attempts/);

    // The guesses slowed the guesser down, not the owner: no account-wide lock.
    expect((await login(network(), owner.email, owner.password)).status).toBe(200);

    // Once the throttle ends, one more failure throttles again, for twice as long.
    await eventually(
      async () => (await login(attacker, owner.email, 'Wrong-password-1')).status,
      (status) => status === 401,
      5_000,
      200,
    );
    const again = await login(attacker, owner.email, owner.password);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('2');
  });

  it('starts counting afresh after a success from the same network', async () => {
    const owner = await signUp(app);
    const home = network();
    for (let i = 0; i < 3; i += 1)
      expect((await login(home, owner.email, 'Wrong-password-1')).status).toBe(401);
    expect((await login(home, owner.email, owner.password)).status).toBe(200);
    // 7 failures in all (under the network's 8), but only 4 since the success (under 5).
    for (let i = 0; i < 4; i += 1)
      expect((await login(home, owner.email, 'Wrong-password-1')).status).toBe(401);
    expect((await login(home, owner.email, owner.password)).status).toBe(200);
  });

  it('lifts the throttle of the owner’s own network when the password is reset', async () => {
    const owner = await signUp(app);
    const home = network();
    for (let i = 0; i < 5; i += 1)
      expect((await login(home, owner.email, 'Wrong-password-1')).status).toBe(401);
    expect((await login(home, owner.email, owner.password)).status).toBe(429);
    await api('POST', '/api/v1/auth/password-reset/request', { body: { email: owner.email } });
    const newPassword = 'Brand-New-Secret-77';
    const reset = await api('POST', '/api/v1/auth/password-reset', {
      body: { token: lastCodeSentTo(app, owner.email, /Reset your/), password: newPassword },
    });
    expect(reset.status).toBe(200);
    expect((await login(home, owner.email, newPassword)).status).toBe(200);
  });

  it('treats an unknown email exactly like a known one, throttle included', async () => {
    const email = uniqueEmail('ghost');
    const from = network();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await login(from, email, 'Wrong-password-1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('throttles a network that tries one password on many accounts (spraying), and only that network', async () => {
    const owner = await signUp(app);
    const sprayer = network();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i += 1)
      statuses.push((await login(sprayer, uniqueEmail('victim'), 'Summer-2026-password')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    const refused = await login(sprayer, owner.email, owner.password);
    expect(refused.status).toBe(429);
    expect((await json<Problem>(refused)).detail).toMatch(/from your network/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await login(network(), owner.email, owner.password)).status).toBe(200);
  });

  it('counts an IPv6 sprayer by its /64, whichever of its addresses it uses', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 9; i += 1)
      statuses.push(
        (await login(`2001:db8:77:1::${i.toString(16)}`, uniqueEmail('v6'), 'Wrong-password-1'))
          .status,
      );
    expect(statuses.slice(0, 8).every((status) => status === 401)).toBe(true);
    expect(statuses[8]).toBe(429);
    expect((await login('2001:db8:77:2::1', uniqueEmail('v6'), 'Wrong-password-1')).status).toBe(
      401,
    );
  });

  it('spends about the same time on an unknown email as on a wrong password', async () => {
    const owner = await signUp(app);
    const from = network();
    const time = async (email: string) => {
      const started = performance.now();
      await login(from, email, 'Wrong-password-1');
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
    const from = network();
    const request = (address: string) =>
      api('POST', '/api/v1/auth/password-reset/request', {
        body: { email: address },
        headers: { 'x-forwarded-for': from },
      });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 31; i += 1) {
      const response = await request(email);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 30).every((s) => s === 202)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another email from the same address is not affected.
    expect((await request(uniqueEmail('other'))).status).toBe(202);
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

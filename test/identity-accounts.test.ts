import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Problem } from './support/http.js';
import {
  lastCodeSentTo,
  logIn,
  mailbox,
  signUp,
  testPassword,
  uniqueEmail,
} from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

describe('sign-up and login', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  const signupBody = (overrides: Record<string, unknown> = {}) => ({
    organization: 'Acme Marketing',
    name: 'Ada Owner',
    email: uniqueEmail('ada'),
    password: testPassword,
    ...overrides,
  });

  it('creates the organisation and its owner, and signs the owner in', async () => {
    const body = signupBody({ organization: 'Acme Marketing' });
    const response = await api('POST', '/api/v1/auth/signup', { body });
    expect(response.status).toBe(201);
    const created = await json<
      TokenSet & { user_id: string; organization_id: string; organization_slug: string }
    >(response);
    expect(created).toMatchObject({ token_type: 'Bearer', email_verified: false });
    expect(created.organization_slug).toMatch(/^acme-marketing/);
    const organization = await api('GET', '/api/v1/organization', { token: created.access_token });
    expect(organization.status).toBe(200);
    expect(await organization.json()).toMatchObject({
      id: created.organization_id,
      name: 'Acme Marketing',
    });
    const members = await json<{ data: { user_id: string; role: string; email: string }[] }>(
      await api('GET', '/api/v1/members', { token: created.access_token }),
    );
    expect(members.data).toEqual([
      expect.objectContaining({ user_id: created.user_id, role: 'owner', email: body.email }),
    ]);
  });

  it('gives a second organisation with the same name its own slug', async () => {
    const first = await json<{ organization_slug: string }>(
      await api('POST', '/api/v1/auth/signup', { body: signupBody({ organization: 'Same Name' }) }),
    );
    const second = await json<{ organization_slug: string }>(
      await api('POST', '/api/v1/auth/signup', { body: signupBody({ organization: 'Same Name' }) }),
    );
    expect(first.organization_slug).toBe('same-name');
    expect(second.organization_slug).toMatch(/^same-name-[0-9a-f]{6}$/);
  });

  it('logs in with email and password and returns the contract token set', async () => {
    const owner = await signUp(app);
    const response = await api('POST', '/api/v1/auth/login', {
      body: { email: owner.email.toUpperCase(), password: owner.password },
    });
    expect(response.status).toBe(200);
    const tokens = await json<TokenSet>(response);
    expect(tokens).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.any(Number),
    });
    const me = await api('GET', '/api/v1/organization', { token: tokens.access_token });
    expect(me.status).toBe(200);
  });

  it('answers a duplicate email with 409, whatever its case', async () => {
    const owner = await signUp(app);
    const response = await api('POST', '/api/v1/auth/signup', {
      body: signupBody({ email: owner.email.toUpperCase() }),
    });
    expect(response.status).toBe(409);
    const problem = await json<Problem>(response);
    expect(problem.code).toBe('conflict');
    expect(problem.errors).toEqual([{ field: 'body.email', message: 'is already registered' }]);
  });

  it.each([
    ['a short password', { password: 'Ab1!short' }, 'body.password', /at least 12 characters/],
    ['one kind of character', { password: 'abcdefghijklmnop' }, 'body.password', /two kinds/],
    [
      'the email name in the password',
      { email: 'margaret.h@example.test', password: 'xx-Margaret.H-2026' },
      'body.password',
      /name part of your email/,
    ],
    ['a common password', { password: 'password1234' }, 'body.password', /common password/],
    ['a keyboard walk', { password: 'qwerty123456' }, 'body.password', /common password/],
    ['a malformed email', { email: 'not-an-email' }, 'body.email', /./],
    ['a missing organisation', { organization: undefined }, 'body.organization', /./],
    ['an empty name', { name: '   ' }, 'body.name', /./],
  ])('rejects %s with a field error', async (_label, overrides, field, message) => {
    const response = await api('POST', '/api/v1/auth/signup', { body: signupBody(overrides) });
    expect(response.status).toBe(400);
    const problem = await json<Problem>(response);
    expect(problem.code).toBe('validation_failed');
    const error = problem.errors?.find((e) => e.field === field);
    expect(error?.message).toMatch(message);
  });

  it('reports every password problem at once', async () => {
    const response = await api('POST', '/api/v1/auth/signup', {
      body: signupBody({ password: 'aaaa' }),
    });
    const problem = await json<Problem>(response);
    expect(problem.errors?.map((e) => e.message)).toHaveLength(2);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const owner = await signUp(app);
    const wrong = await api('POST', '/api/v1/auth/login', {
      body: { email: owner.email, password: 'Wrong-password-123' },
    });
    const unknown = await api('POST', '/api/v1/auth/login', {
      body: { email: uniqueEmail('nobody'), password: 'Wrong-password-123' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await json<Problem>(wrong), await json<Problem>(unknown)];
    expect(a.detail).toBe(b.detail);
    expect(a.code).toBe('unauthenticated');
  });

  it('logs in to a named organisation only if the user is a member of it', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    await expect(logIn(app, owner.email, owner.password, other.orgId)).rejects.toThrow(/403/);
    const tokens = await logIn(app, owner.email, owner.password, owner.orgId);
    expect(tokens.access_token).toBeTruthy();
  });

  it('verifies the email with a single-use token', async () => {
    const owner = await signUp(app);
    const code = lastCodeSentTo(app, owner.email, /Confirm your email/);
    const first = await api('POST', '/api/v1/auth/verify-email', { body: { token: code } });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ verified: true, user_id: owner.userId });
    const again = await api('POST', '/api/v1/auth/verify-email', { body: { token: code } });
    expect(again.status).toBe(400);
    const members = await json<{ data: { email_verified: boolean }[] }>(
      await api('GET', '/api/v1/members', { token: owner.token }),
    );
    expect(members.data[0]?.email_verified).toBe(true);
    const resend = await api('POST', '/api/v1/auth/verify-email/request', { token: owner.token });
    expect(await resend.json()).toEqual({ status: 'already_verified' });
  });

  it('shows the dev inbox in embedded mode only', async () => {
    const owner = await signUp(app);
    const response = await fetch(`${app.url}/dev/mailbox?to=${encodeURIComponent(owner.email)}`);
    if (app.config.mode === 'embedded') {
      const inbox = await json<{ data: { to: string; subject: string }[] }>(response);
      expect(inbox.data.map((m) => m.subject)).toEqual([
        'Confirm your email address for PromptSales',
      ]);
    } else {
      // Not registered: whatever answers (the web app's fallback page) is no mailbox.
      expect(response.headers.get('content-type') ?? '').not.toContain('application/json');
    }
  });

  it('refuses an expired verification token and a replaced one', async () => {
    const owner = await signUp(app);
    const firstCode = lastCodeSentTo(app, owner.email, /Confirm your email/);
    const resend = await api('POST', '/api/v1/auth/verify-email/request', { token: owner.token });
    expect(resend.status).toBe(202);
    const secondCode = lastCodeSentTo(app, owner.email, /Confirm your email/);
    expect(secondCode).not.toBe(firstCode);
    const replaced = await api('POST', '/api/v1/auth/verify-email', { body: { token: firstCode } });
    expect(replaced.status).toBe(400);
    // Time passes: the token's expiry is moved into the past, as 24 hours would.
    await app.runtime.database.query(
      sqlText(
        `update identity.user_tokens set expires_at = now() - interval '1 second' where used_at is null`,
      ),
    );
    const expired = await api('POST', '/api/v1/auth/verify-email', { body: { token: secondCode } });
    expect(expired.status).toBe(400);
  });

  it('resets a password with a single-use token; the old password stops working', async () => {
    const owner = await signUp(app);
    const requested = await api('POST', '/api/v1/auth/password-reset/request', {
      body: { email: owner.email },
    });
    expect(requested.status).toBe(202);
    const unknown = await api('POST', '/api/v1/auth/password-reset/request', {
      body: { email: uniqueEmail('ghost') },
    });
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await requested.json());

    const code = lastCodeSentTo(app, owner.email, /Reset your/);
    const weak = await api('POST', '/api/v1/auth/password-reset', {
      body: { token: code, password: 'short' },
    });
    expect(weak.status).toBe(400);
    // A rejected password does not use the token up.
    const newPassword = 'Brand-New-Secret-77';
    const reset = await api('POST', '/api/v1/auth/password-reset', {
      body: { token: code, password: newPassword },
    });
    expect(reset.status).toBe(200);
    const reused = await api('POST', '/api/v1/auth/password-reset', {
      body: { token: code, password: 'Another-Secret-88' },
    });
    expect(reused.status).toBe(400);
    await expect(logIn(app, owner.email, owner.password)).rejects.toThrow(/401/);
    expect((await logIn(app, owner.email, newPassword)).access_token).toBeTruthy();
  });

  it('ends every earlier session when the password is reset', async () => {
    const owner = await signUp(app);
    // No waiting: a token issued in the same second as the reset is void too.
    await api('POST', '/api/v1/auth/password-reset/request', { body: { email: owner.email } });
    const code = lastCodeSentTo(app, owner.email, /Reset your/);
    const newPassword = 'Fresh-Start-Secret-91';
    expect(
      (
        await api('POST', '/api/v1/auth/password-reset', {
          body: { token: code, password: newPassword },
        })
      ).status,
    ).toBe(200);

    const stale = await api('GET', '/api/v1/organization', { token: owner.token });
    expect(stale.status).toBe(401);
    expect((await json<Problem>(stale)).detail).toMatch(/password was reset/);
    const refreshed = await fetch(`${app.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: owner.refreshToken,
        client_id: 'promptsales-web',
      }),
    });
    expect(refreshed.status).toBe(400);
    expect(((await refreshed.json()) as { error: string }).error).toBe('invalid_grant');

    const fresh = await logIn(app, owner.email, newPassword);
    expect((await api('GET', '/api/v1/organization', { token: fresh.access_token })).status).toBe(
      200,
    );
  });

  it('refuses an expired reset token', async () => {
    const owner = await signUp(app);
    await api('POST', '/api/v1/auth/password-reset/request', { body: { email: owner.email } });
    const code = lastCodeSentTo(app, owner.email, /Reset your/);
    await app.runtime.database.query(
      sqlText(
        `update identity.user_tokens set expires_at = now() - interval '1 second' where purpose = 'reset_password'`,
      ),
    );
    const response = await api('POST', '/api/v1/auth/password-reset', {
      body: { token: code, password: 'Brand-New-Secret-77' },
    });
    expect(response.status).toBe(400);
    expect(mailbox(app).sent(owner.email).length).toBeGreaterThanOrEqual(2);
  });
});

import { sql } from 'drizzle-orm';
function sqlText(text: string) {
  return sql.raw(text);
}

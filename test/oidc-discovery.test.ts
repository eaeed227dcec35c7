import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcServiceFor } from '../src/modules/identity/oidc/oidc-service.js';
import { SigningKeyStore } from '../src/modules/identity/oidc/signing-keys.js';
import { freePort } from './support/free-port.js';
import { apiClient, json } from './support/http.js';
import { lastCodeSentTo, signUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Enough of a browser for the login page: keeps cookies, follows nothing by itself. */
class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
}

/** The OAuth `error` of a failed openid-client call (from the body, or a WWW-Authenticate challenge). */
async function oauthErrorOf(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
  } catch (error) {
    const failure = error as { error?: string; cause?: { parameters?: { error?: string } }[] };
    return failure.error ?? failure.cause?.[0]?.parameters?.error;
  }
  return undefined;
}

interface TokenSet {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

const password = 'Correct-horse-battery-42';

describe('built-in OpenID Provider', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: TokenSet & { organization_id: string; user_id: string };
  const email = 'owner@oidc-test.example';

  beforeAll(async () => {
    const port = await freePort();
    app = await startTestApp({
      env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
    });
    api = apiClient(app.url);
    const signup = await api('POST', '/api/v1/auth/signup', {
      body: { organization: 'Discovery Agency', name: 'Olivia Owner', email, password },
    });
    expect(signup.status).toBe(201);
    owner = await json(signup);
  });
  afterAll(async () => app?.close());

  async function createApiClient(scopes: string[]) {
    const response = await api('POST', '/api/v1/api-clients', {
      token: owner.access_token,
      body: { name: `svc ${scopes.join(' ')}`, scopes },
    });
    expect(response.status).toBe(201);
    return json<{ id: string; client_id: string; client_secret: string }>(response);
  }

  async function discover(
    clientId: string,
    auth: oidc.ClientAuth,
    metadata?: Partial<oidc.ClientMetadata>,
  ) {
    return oidc.discovery(new URL(app.url), clientId, metadata, auth, {
      execute: [oidc.allowInsecureRequests],
    });
  }

  it('publishes discovery with working jwks_uri and token_endpoint and the three grants', async () => {
    const response = await fetch(`${app.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = await json<Record<string, unknown>>(response);
    expect(metadata).toMatchObject({
      issuer: app.url,
      token_endpoint: `${app.url}/oauth/token`,
      jwks_uri: `${app.url}/oauth/jwks`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(metadata.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    const jwks = await json<{ keys: Record<string, unknown>[] }>(
      await fetch(`${app.url}/oauth/jwks`),
    );
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', use: 'sig' });
      // Only public parts are ever published.
      expect(key).not.toHaveProperty('d');
      expect(key).not.toHaveProperty('p');
    }
  });

  it('lets a standard OIDC client discover the issuer, run client_credentials and verify the token against the JWKS', async () => {
    const client = await createApiClient(['members:read', 'crm:read']);
    const config = await discover(client.client_id, oidc.ClientSecretBasic(client.client_secret));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'members:read' });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');

    const jwks = createRemoteJWKSet(new URL(String(config.serverMetadata().jwks_uri)));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: app.url,
      audience: `${app.url}/api`,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(payload).toMatchObject({
      org_id: owner.organization_id,
      scope: 'members:read',
      client_id: client.client_id,
    });

    const members = await api('GET', '/api/v1/members', { token: tokens.access_token });
    expect(members.status).toBe(200);
    // The token holds only the scope it asked for.
    const clients = await api('GET', '/api/v1/api-clients', { token: tokens.access_token });
    expect(clients.status).toBe(403);
  });

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const client = await createApiClient(['crm:read']);
    const config = await discover(client.client_id, oidc.ClientSecretPost(client.client_secret));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'crm:read' });
    expect(decodeJwt(tokens.access_token).scope).toBe('crm:read');
  });

  it('rotates signing keys without breaking tokens already issued', async () => {
    const client = await createApiClient(['members:read']);
    const config = await discover(client.client_id, oidc.ClientSecretBasic(client.client_secret));
    const before = await oidc.clientCredentialsGrant(config, { scope: 'members:read' });
    const oldKid = decodeProtectedHeader(before.access_token).kid;

    // What the maintenance job does when a key is due, made active at once.
    // Active from now: later than the first key whenever the app started, so it must sign next.
    const newKid = await new SigningKeyStore(app.runtime.db, app.runtime.masterKey).create(
      new Date(),
    );
    await (await oidcServiceFor(app.runtime)).refresh();

    const after = await oidc.clientCredentialsGrant(config, { scope: 'members:read' });
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    const jwks = await json<{ keys: { kid: string }[] }>(await fetch(`${app.url}/oauth/jwks`));
    expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    for (const token of [before.access_token, after.access_token]) {
      expect((await api('GET', '/api/v1/members', { token })).status).toBe(200);
    }
  });

  it('refuses scopes the client was not issued, and a wrong secret', async () => {
    const client = await createApiClient(['crm:read']);
    const config = await discover(client.client_id, oidc.ClientSecretBasic(client.client_secret));
    await expect(oidc.clientCredentialsGrant(config, { scope: 'crm:write' })).rejects.toMatchObject(
      {
        error: 'invalid_scope',
      },
    );
    const wrong = await discover(client.client_id, oidc.ClientSecretBasic('not-the-secret'));
    expect(await oauthErrorOf(oidc.clientCredentialsGrant(wrong, { scope: 'crm:read' }))).toBe(
      'invalid_client',
    );
  });

  it('rejects a revoked client at once, at the token endpoint and at the API', async () => {
    const client = await createApiClient(['members:read']);
    const config = await discover(client.client_id, oidc.ClientSecretBasic(client.client_secret));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'members:read' });
    expect((await api('GET', '/api/v1/members', { token: tokens.access_token })).status).toBe(200);

    const revoked = await api('DELETE', `/api/v1/api-clients/${client.id}`, {
      token: owner.access_token,
    });
    expect(revoked.status).toBeLessThan(300);
    const after = await api('GET', '/api/v1/members', { token: tokens.access_token });
    expect(after.status).toBe(401);
    expect(await oauthErrorOf(oidc.clientCredentialsGrant(config, { scope: 'members:read' }))).toBe(
      'invalid_client',
    );
  });

  it('runs authorization_code with PKCE through the login page for the web app', async () => {
    const redirectUri = app.config.oidc.webRedirectUris[0] ?? '';
    const config = await discover('promptsales-web', oidc.None(), { redirect_uris: [redirectUri] });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid offline_access api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });

    const browser = new Browser();
    const start = await browser.request(authorize.href);
    expect(start.status).toBe(303);
    const loginUrl = new URL(start.headers.get('location') ?? '', app.url).href;
    const page = await browser.request(loginUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(action).toContain('/oauth/interaction/');

    const form = (pw: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: pw }).toString(),
    });
    const refused = await browser.request(new URL(action, app.url).href, form('wrong password 1'));
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('Email or password is incorrect');

    const signedIn = await browser.request(new URL(action, app.url).href, form(password));
    expect(signedIn.status).toBe(303);
    const resumed = await browser.request(
      new URL(signedIn.headers.get('location') ?? '', app.url).href,
    );
    expect(resumed.status).toBe(303);
    const callback = new URL(resumed.headers.get('location') ?? '', app.url);
    expect(callback.href.startsWith(redirectUri)).toBe(true);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.claims()?.sub).toBe(owner.user_id);
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ org_id: owner.organization_id, roles: ['owner'], scope: 'api' });
    expect((await api('GET', '/api/v1/members', { token: tokens.access_token })).status).toBe(200);

    // The code is single use.
    expect(
      await oauthErrorOf(
        oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: verifier,
          expectedState: state,
        }),
      ),
    ).toBe('invalid_grant');
  });

  it('signs in to the organisation the web app names, in Spanish, with the email filled in', async () => {
    // The owner joins a second organisation, as the web app's invitation page does.
    const other = await signUp(app, { organization: 'Second Agency' });
    const invited = await api('POST', '/api/v1/invitations', {
      token: other.token,
      body: { email, role: 'marketer' },
    });
    expect(invited.status).toBe(201);
    const code = lastCodeSentTo(app, email, /invit/);
    const joined = await api('POST', `/api/v1/invitations/${code}/accept`, {
      token: owner.access_token,
    });
    expect(joined.status).toBe(200);

    const redirectUri = app.config.oidc.webRedirectUris[0] ?? '';
    const config = await discover('promptsales-web', oidc.None(), { redirect_uris: [redirectUri] });
    const verifier = oidc.randomPKCECodeVerifier();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid offline_access api',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'st',
      login_hint: email,
      ui_locales: 'es',
      prompt: 'login',
      organization_id: other.orgId,
    });
    const browser = new Browser();
    const start = await browser.request(authorize.href);
    const loginUrl = new URL(start.headers.get('location') ?? '', app.url).href;
    const html = await (
      await browser.request(loginUrl, { headers: { 'accept-language': 'en' } })
    ).text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('<label for="password">Contraseña</label>');
    expect(html).toContain(`value="${email}"`);
    expect(html).toContain(`href="${new URL(redirectUri).origin}/forgot-password"`);
    // The page's own switch wins over ui_locales.
    const english = await (await browser.request(`${loginUrl}?lang=en`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('at least 12 characters');

    const action = new URL(/action="([^"]+)"/.exec(html)?.[1] ?? '', app.url).href;
    const signedIn = await browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const resumed = await browser.request(
      new URL(signedIn.headers.get('location') ?? '', app.url).href,
    );
    const callback = new URL(resumed.headers.get('location') ?? '', app.url);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: 'st',
    });
    expect(decodeJwt(tokens.access_token)).toMatchObject({
      org_id: other.orgId,
      roles: ['marketer'],
    });
    // Renewal stays in that organisation.
    const renewed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(decodeJwt(renewed.access_token)).toMatchObject({ org_id: other.orgId });
  });

  it('answers a wrong password on the sign-in page in the language of the browser', async () => {
    const redirectUri = app.config.oidc.webRedirectUris[0] ?? '';
    const config = await discover('promptsales-web', oidc.None(), { redirect_uris: [redirectUri] });
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid api',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'st',
    });
    const browser = new Browser();
    const start = await browser.request(authorize.href);
    const loginUrl = new URL(start.headers.get('location') ?? '', app.url).href;
    const spanish = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };
    const html = await (await browser.request(loginUrl, { headers: spanish })).text();
    const action = new URL(/action="([^"]+)"/.exec(html)?.[1] ?? '', app.url).href;
    const refused = await browser.request(action, {
      method: 'POST',
      headers: { ...spanish, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password: 'otra-clave-equivocada-1' }).toString(),
    });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain(
      '<p class="error" id="sign-in-error" role="alert">El correo o la contraseña no son correctos.</p>',
    );
  });

  it('requires PKCE from the web app', async () => {
    const redirectUri = app.config.oidc.webRedirectUris[0] ?? '';
    const url = new URL(`${app.url}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: 'promptsales-web',
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid',
      state: 'xyz',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '', app.url);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const login = await api('POST', '/api/v1/auth/login', { body: { email, password } });
    expect(login.status).toBe(200);
    const first = await json<TokenSet>(login);
    const config = await discover('promptsales-web', oidc.None());

    const second = await oidc.refreshTokenGrant(config, first.refresh_token);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token)).toMatchObject({
      org_id: owner.organization_id,
      roles: ['owner'],
    });
    expect((await api('GET', '/api/v1/members', { token: second.access_token })).status).toBe(200);

    // Someone replays the rotated token: refused, and the family is revoked…
    expect(await oauthErrorOf(oidc.refreshTokenGrant(config, first.refresh_token))).toBe(
      'invalid_grant',
    );
    // …so the legitimate holder's newest refresh token no longer works either…
    expect(await oauthErrorOf(oidc.refreshTokenGrant(config, second.refresh_token ?? ''))).toBe(
      'invalid_grant',
    );
    // …nor do the access tokens the family issued, though their JWTs have not expired.
    for (const token of [first.access_token, second.access_token]) {
      const refused = await api('GET', '/api/v1/members', { token });
      expect(refused.status).toBe(401);
      expect((await json<{ detail: string }>(refused)).detail).toMatch(/session was revoked/);
    }
    // Another sign-in of the same person is a grant of its own and keeps working.
    const other = await json<TokenSet>(
      await api('POST', '/api/v1/auth/login', { body: { email, password } }),
    );
    expect((await api('GET', '/api/v1/members', { token: other.access_token })).status).toBe(200);

    // Revoking that sign-in's refresh token (the web app's sign-out) ends its access token too.
    await oidc.tokenRevocation(config, other.refresh_token);
    const revoked = await api('GET', '/api/v1/members', { token: other.access_token });
    expect(revoked.status).toBe(401);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  decodeJwt,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningKeyStore } from '../src/modules/identity/oidc/signing-keys.js';
import { apiClient, json, type Problem } from './support/http.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A stand-in external identity provider (think Entra ID, Auth0, Keycloak, Okta) on loopback. */
async function startFakeIdp() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'fake-idp-key-1';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body =
      request.url === '/.well-known/openid-configuration'
        ? { issuer: base, jwks_uri: `${base}/keys` }
        : request.url === '/keys'
          ? { keys: [publicJwk] }
          : undefined;
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    sign: (claims: JWTPayload, key: CryptoKey = privateKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const password = 'Correct-horse-battery-42';

describe('bearer token security', () => {
  let app: TestApp;
  let idp: Awaited<ReturnType<typeof startFakeIdp>>;
  let api: ReturnType<typeof apiClient>;
  let valid: string;
  let orgId: string;
  let signingKey: { kid: string; key: CryptoKey };
  let claims: JWTPayload;

  beforeAll(async () => {
    idp = await startFakeIdp();
    app = await startTestApp({
      env: {
        OIDC_EXTERNAL_ISSUERS: JSON.stringify([
          {
            issuer: idp.issuer,
            audience: 'api://promptsales',
            orgClaim: 'ps_org',
            rolesClaim: 'realm_access.roles',
            defaultRole: 'analyst',
          },
        ]),
      },
    });
    api = apiClient(app.url);
    const signup = await api('POST', '/api/v1/auth/signup', {
      body: { organization: 'Token Tests', name: 'Tess', email: 'tess@tokens.example', password },
    });
    expect(signup.status).toBe(201);
    const body = await json<{ access_token: string; organization_id: string }>(signup);
    valid = body.access_token;
    orgId = body.organization_id;
    claims = decodeJwt(valid);
    // The provider's own current key, to mint tokens that differ from a real one in one respect.
    const [current] = await new SigningKeyStore(app.runtime.db, app.runtime.masterKey).list();
    if (!current) throw new Error('no signing key');
    signingKey = {
      kid: current.kid,
      key: (await importJWK(current.privateJwk, 'RS256')) as CryptoKey,
    };
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const signAsIssuer = (overrides: JWTPayload, key = signingKey.key, kid = signingKey.kid) =>
    new SignJWT({ ...claims, ...overrides })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(key);

  async function expectRejected(token: string, reason?: RegExp) {
    const response = await api('GET', '/api/v1/members', { token });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<Problem>(response);
    expect(problem.code).toBe('unauthenticated');
    if (reason) expect(problem.detail).toMatch(reason);
  }

  it('accepts the genuine token and one re-signed unchanged with the issuer key (the control)', async () => {
    expect((await api('GET', '/api/v1/members', { token: valid })).status).toBe(200);
    expect((await api('GET', '/api/v1/members', { token: await signAsIssuer({}) })).status).toBe(
      200,
    );
  });

  it('rejects an expired token', async () => {
    await expectRejected(await signAsIssuer({ iat: now() - 3600, exp: now() - 60 }), /expired/);
  });

  it('rejects a token that is not valid yet', async () => {
    await expectRejected(await signAsIssuer({ nbf: now() + 600 }), /not valid yet/);
  });

  it('rejects a forged signature (another key under the issuer kid)', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRejected(await signAsIssuer({}, privateKey), /signature/);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = valid.split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...claims, roles: ['owner'], org_id: crypto.randomUUID() }),
    ).toString('base64url');
    await expectRejected(`${header}.${payload}.${signature}`, /signature/);
  });

  it('rejects alg "none"', async () => {
    const unsecured = new UnsecuredJWT({ ...claims }).encode();
    await expectRejected(unsecured);
    // The same with the `typ` a real access token has.
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString(
      'base64url',
    );
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    await expectRejected(`${header}.${body}.`);
  });

  it('rejects a symmetric algorithm keyed with the public key (alg confusion)', async () => {
    const [current] = await new SigningKeyStore(app.runtime.db, app.runtime.masterKey).list();
    const publicPem = JSON.stringify(current?.publicJwk);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: signingKey.kid })
      .sign(new TextEncoder().encode(publicPem));
    await expectRejected(token, /algorithm/);
  });

  it('rejects a wrong audience', async () => {
    await expectRejected(await signAsIssuer({ aud: 'https://other-api.example' }), /aud/);
  });

  it('rejects a wrong issuer, even when signed with the real key', async () => {
    await expectRejected(await signAsIssuer({ iss: 'https://evil.example' }), /issuer/);
  });

  it('rejects an unknown kid', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRejected(await signAsIssuer({}, privateKey, 'no-such-key'), /unknown key/);
  });

  it('rejects garbage and other authorization schemes', async () => {
    await expectRejected('not.a.jwt');
    const basic = await api('GET', '/api/v1/members', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.status).toBe(401);
  });

  it('rejects a validly signed token of someone who is not a member', async () => {
    const stranger = await signAsIssuer({ sub: crypto.randomUUID() });
    await expectRejected(stranger, /no longer a member/);
  });

  describe('an external issuer', () => {
    it('is accepted with its claims mapped to organisation and role', async () => {
      const token = await idp.sign({
        sub: 'ext-user-1',
        aud: 'api://promptsales',
        ps_org: orgId,
        realm_access: { roles: ['marketer', 'unknown-role'] },
      });
      const members = await api('GET', '/api/v1/members', { token });
      expect(members.status).toBe(200);
      // marketer may not manage API clients.
      const clients = await api('GET', '/api/v1/api-clients', { token });
      expect(clients.status).toBe(403);
    });

    it('falls back to the default role when the token names none', async () => {
      const token = await idp.sign({ sub: 'ext-user-2', aud: 'api://promptsales', ps_org: orgId });
      expect((await api('GET', '/api/v1/members', { token })).status).toBe(200);
      const invite = await api('POST', '/api/v1/invitations', {
        token,
        body: { email: 'someone@example.com', role: 'analyst' },
      });
      expect(invite.status).toBe(403);
    });

    it('is rejected for another audience, an unknown organisation or a foreign key', async () => {
      await expectRejected(
        await idp.sign({ sub: 'x', aud: 'api://someone-else', ps_org: orgId }),
        /aud/,
      );
      await expectRejected(
        await idp.sign({ sub: 'x', aud: 'api://promptsales', ps_org: crypto.randomUUID() }),
        /organisation/,
      );
      const { privateKey } = await generateKeyPair('RS256');
      await expectRejected(
        await idp.sign({ sub: 'x', aud: 'api://promptsales', ps_org: orgId }, privateKey),
        /signature/,
      );
    });

    it('cannot pass its tokens off as the built-in issuer', async () => {
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signingKey.kid })
        .sign((await generateKeyPair('RS256')).privateKey);
      await expectRejected(token);
    });
  });
});

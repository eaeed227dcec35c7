import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface CreatedClient {
  id: string;
  client_id: string;
  client_secret: string;
  scopes: string[];
}

describe('API clients (service accounts)', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
  });
  afterAll(async () => app?.close());

  async function create(scopes: string[], name = 'ETL robot') {
    const response = await api('POST', '/api/v1/api-clients', {
      token: owner.token,
      body: { name, scopes },
    });
    expect(response.status).toBe(201);
    return json<CreatedClient>(response);
  }

  /** client_credentials at the built-in provider's token endpoint. */
  function clientCredentials(clientId: string, secret: string, scope: string) {
    return fetch(`${app.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
    });
  }

  it('shows the secret once, at creation, and never in the list', async () => {
    const client = await create(['members:read', 'crm:read']);
    expect(client.client_id).toMatch(/^psc_[a-z0-9]{20}$/);
    expect(client.client_secret.length).toBeGreaterThanOrEqual(40);
    const listed = await api('GET', '/api/v1/api-clients', { token: owner.token });
    const text = await listed.text();
    expect(text).toContain(client.client_id);
    expect(text).not.toContain(client.client_secret);
    expect(text).not.toContain('secret');
    const rows = await app.runtime.database.query<{ secret_hash: string }>(
      // The stored value is a hash, not the secret.
      sql`select secret_hash from identity.api_clients where id = ${client.id}`,
    );
    expect(rows[0]?.secret_hash).not.toContain(client.client_secret);
  });

  it('refuses scopes an API client may not hold, naming each', async () => {
    const response = await api('POST', '/api/v1/api-clients', {
      token: owner.token,
      body: {
        name: 'greedy',
        scopes: ['crm:read', 'members:manage', 'billing:manage', 'nonsense'],
      },
    });
    expect(response.status).toBe(400);
    const problem = await json<Problem>(response);
    expect(problem.errors?.map((e) => e.message)).toEqual([
      '"members:manage" is not a grantable scope',
      '"billing:manage" is not a grantable scope',
      '"nonsense" is not a grantable scope',
    ]);
  });

  it('runs client_credentials, and a revocation takes effect on the next request', async () => {
    const client = await create(['members:read']);
    const granted = await clientCredentials(client.client_id, client.client_secret, 'members:read');
    expect(granted.status).toBe(200);
    const { access_token } = await json<{ access_token: string }>(granted);
    const before = await api('GET', '/api/v1/members', { token: access_token });
    expect(before.status).toBe(200);
    // Scopes are least privilege: the client cannot manage API clients.
    expect((await api('GET', '/api/v1/api-clients', { token: access_token })).status).toBe(403);
    // A profile (name, locale, time zone) is a person's; a client has none.
    const profile = await api('GET', '/api/v1/me', { token: access_token });
    expect(profile.status).toBe(403);
    expect((await json<Problem>(profile)).detail).toMatch(/Only a person has a profile/);

    const revoked = await api('DELETE', `/api/v1/api-clients/${client.id}`, { token: owner.token });
    expect(revoked.status).toBe(204);
    const after = await api('GET', '/api/v1/members', { token: access_token });
    expect(after.status).toBe(401);
    const again = await clientCredentials(client.client_id, client.client_secret, 'members:read');
    expect(again.status).toBe(401);
    const listed = await json<Page<{ id: string }>>(
      await api('GET', '/api/v1/api-clients', { token: owner.token }),
    );
    expect(listed.data.map((c) => c.id)).not.toContain(client.id);
    const withRevoked = await json<Page<{ id: string; revoked_at: string | null }>>(
      await api('GET', '/api/v1/api-clients?include_revoked=true', { token: owner.token }),
    );
    expect(withRevoked.data.find((c) => c.id === client.id)?.revoked_at).toBeTruthy();
  });

  it('rotates the secret: the old one stops working, the new one works', async () => {
    const client = await create(['crm:read']);
    const rotated = await api('POST', `/api/v1/api-clients/${client.id}/rotate-secret`, {
      token: owner.token,
    });
    expect(rotated.status).toBe(200);
    const { client_secret } = await json<{ client_secret: string }>(rotated);
    expect(client_secret).not.toBe(client.client_secret);
    expect(
      (await clientCredentials(client.client_id, client.client_secret, 'crm:read')).status,
    ).toBe(401);
    expect((await clientCredentials(client.client_id, client_secret, 'crm:read')).status).toBe(200);
  });

  it("answers 404 for another organisation's API client", async () => {
    const other = await signUp(app);
    const foreign = await api('POST', '/api/v1/api-clients', {
      token: other.token,
      body: { name: 'theirs', scopes: ['crm:read'] },
    });
    const { id } = await json<{ id: string }>(foreign);
    expect((await api('DELETE', `/api/v1/api-clients/${id}`, { token: owner.token })).status).toBe(
      404,
    );
    expect(
      (await api('POST', `/api/v1/api-clients/${id}/rotate-secret`, { token: owner.token })).status,
    ).toBe(404);
  });
});

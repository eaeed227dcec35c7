import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page } from './support/http.js';
import { signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const rfc3339Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('timestamps in API answers', () => {
  let app: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    app = await startTestApp({ work: false });
    owner = await signUp(app);
  });
  afterAll(async () => app?.close());

  it('are RFC 3339 in UTC, not the database text form', async () => {
    const api = apiClient(app.url);
    const organization = await json<{ created_at: string }>(
      await api('GET', '/api/v1/organization', { token: owner.token }),
    );
    expect(organization.created_at).toMatch(rfc3339Utc);
    const members = await json<Page<{ joined_at: string }>>(
      await api('GET', '/api/v1/members', { token: owner.token }),
    );
    expect(members.data.length).toBeGreaterThan(0);
    for (const member of members.data) expect(member.joined_at).toMatch(rfc3339Utc);
    const contact = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { email: 'ana@example.com', first_name: 'Ana' },
    });
    expect(contact.status).toBe(201);
    const created = await json<{ created_at: string; updated_at: string }>(contact);
    expect(created.created_at).toMatch(rfc3339Utc);
    expect(created.updated_at).toMatch(rfc3339Utc);
  });
});

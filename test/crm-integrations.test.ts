import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { eventually } from './support/eventually.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Exported {
  id: string;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  tags: string[];
  consent: string[];
  utm_source: string | null;
}
interface Contact {
  id: string;
  first_name: string | null;
  email: string | null;
  phone: string | null;
  tags: string[];
  company_id: string | null;
}

describe('CRM integrations: CSV/JSON export and the sync adapters', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let analyst: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    analyst = await createMember(app, owner.token, 'analyst');
    const company = await json<{ id: string }>(
      await api('POST', '/api/v1/companies', {
        token: owner.token,
        body: { name: 'Café Aurora, S.A.' },
      }),
    );
    for (const body of [
      {
        first_name: 'Ana "Anita"',
        last_name: 'Mora',
        email: 'ana.export@example.test',
        phone: '+506 8888 1111',
        company_id: company.id,
        tags: ['vip', 'coffee'],
        utm: { source: 'instagram' },
      },
      { first_name: '=cmd', email: 'formula@example.test' },
      { first_name: 'Beto', phone: '+506 8888 2222', country: 'CR' },
    ]) {
      const created = await api('POST', '/api/v1/contacts', { token: owner.token, body });
      expect(created.status).toBe(201);
    }
    const [ana] = (
      await json<Page<{ id: string }>>(
        await api('GET', '/api/v1/contacts?email=ana.export%40example.test', {
          token: owner.token,
        }),
      )
    ).data;
    await api('PUT', `/api/v1/contacts/${ana!.id}/consents/email`, {
      token: owner.token,
      body: { status: 'granted', source: 'web form' },
    });
  });
  afterAll(async () => app?.close());

  it('exports contacts as JSON with consent and company, to people who change contacts', async () => {
    expect((await api('GET', '/api/v1/contacts/export', { token: analyst })).status).toBe(403);
    const response = await api('GET', '/api/v1/contacts/export?format=json', {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="contacts-.*\.json"/,
    );
    const records = await json<Exported[]>(response);
    expect(records).toHaveLength(3);
    expect(records.find((record) => record.email === 'ana.export@example.test')).toMatchObject({
      first_name: 'Ana "Anita"',
      phone: '+50688881111',
      company: 'Café Aurora, S.A.',
      tags: ['vip', 'coffee'],
      consent: ['email'],
      utm_source: 'instagram',
    });
    const filtered = await json<Exported[]>(
      await api('GET', '/api/v1/contacts/export?format=json&tag=VIP', { token: owner.token }),
    );
    expect(filtered.map((record) => record.email)).toEqual(['ana.export@example.test']);
    const other = await signUp(app);
    expect(
      await json<Exported[]>(
        await api('GET', '/api/v1/contacts/export?format=json', { token: other.token }),
      ),
    ).toEqual([]);
  });

  it('exports CSV that imports back into another organisation unchanged', async () => {
    const response = await api('GET', '/api/v1/contacts/export', { token: owner.token });
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(csv).toContain(
      '"Ana ""Anita""",Mora,ana.export@example.test,+50688881111,"Café Aurora, S.A."',
    );
    // A spreadsheet would run "=cmd" as a formula: it leaves as text.
    expect(csv).toContain(`'=cmd`);

    const target = await signUp(app);
    const accepted = await api('POST', '/api/v1/contact-imports', {
      token: target.token,
      body: { csv },
    });
    expect(accepted.status).toBe(202);
    const { id } = await json<{ id: string }>(accepted);
    const done = await eventually(
      async () =>
        json<{ status: string; created: number; rejected_count: number }>(
          await api('GET', `/api/v1/contact-imports/${id}`, { token: target.token }),
        ),
      (job) => job.status === 'completed',
    );
    expect(done).toMatchObject({ created: 3, rejected_count: 0 });
    const [imported] = (
      await json<Page<Contact>>(
        await api('GET', '/api/v1/contacts?email=ana.export%40example.test', {
          token: target.token,
        }),
      )
    ).data;
    expect(imported).toMatchObject({
      first_name: 'Ana "Anita"',
      phone: '+50688881111',
      tags: ['vip', 'coffee'],
    });
    expect(imported!.company_id).not.toBeNull();
    const consents = await json<{ data: { channel: string; status: string }[] }>(
      await api('GET', `/api/v1/contacts/${imported!.id}/consents`, {
        token: target.token,
      }),
    );
    expect(consents.data).toMatchObject([{ channel: 'email', status: 'granted' }]);
  });

  it('lists HubSpot, Salesforce and Zendesk with their mappings, and says sync is not configured', async () => {
    const providers = await json<{
      data: {
        provider: string;
        configured: boolean;
        object: string;
        mapping: Record<string, string>;
      }[];
    }>(await api('GET', '/api/v1/integrations', { token: analyst }));
    expect(providers.data.map((p) => [p.provider, p.configured, p.object])).toEqual([
      ['hubspot', false, 'contacts'],
      ['salesforce', false, 'Lead'],
      ['zendesk', false, 'users'],
    ]);
    expect(providers.data[1]!.mapping).toMatchObject({ email: 'Email', company: 'Company' });

    const sync = await api('POST', '/api/v1/integrations/hubspot/sync', { token: owner.token });
    expect(sync.status).toBe(422);
    expect(sync.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<Problem>(sync)).toMatchObject({
      code: 'unprocessable',
      detail: expect.stringMatching(/HubSpot sync is not configured/),
      configured: false,
    });
    expect(
      (await api('POST', '/api/v1/integrations/pipedrive/sync', { token: owner.token })).status,
    ).toBe(400);
  });
});

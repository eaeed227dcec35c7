import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts } from '../src/modules/crm/infrastructure/crm.tables.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Contact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  national_id_last4: string | null;
  company_id: string | null;
  tags: string[];
  classification: string;
  source: string;
  medium: string | null;
  utm: Record<string, string>;
  campaign_id: string | null;
}
interface Company {
  id: string;
  name: string;
  products: { name: string; price_minor?: number }[];
  sales_goal_minor: number | null;
  budget_minor: number | null;
}

describe('CRM contacts and companies through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let agent: string;
  let analyst: string;
  let marketer: string;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    agent = await createMember(app, owner.token, 'sales_agent');
    analyst = await createMember(app, owner.token, 'analyst');
    marketer = await createMember(app, owner.token, 'marketer');
  });
  afterAll(async () => app?.close());

  it('creates a company with products, sales goal and budget, and lists its contacts', async () => {
    const created = await api('POST', '/api/v1/companies', {
      token: agent,
      body: {
        name: 'Café Aurora S.A.',
        industry: 'food',
        country: 'CR',
        products: [{ name: 'Cold brew', price_minor: 450, currency: 'USD' }],
        sales_goal_minor: 50_000_00,
        budget_minor: 8_000_00,
        currency: 'USD',
      },
    });
    expect(created.status).toBe(201);
    const company = await json<Company>(created);
    expect(company).toMatchObject({
      name: 'Café Aurora S.A.',
      products: [{ name: 'Cold brew', price_minor: 450 }],
      sales_goal_minor: 5_000_000,
      budget_minor: 800_000,
    });

    const contact = await json<Contact>(
      await api('POST', '/api/v1/contacts', {
        token: agent,
        body: { first_name: 'Lucía', last_name: 'Mora', company_id: company.id },
      }),
    );
    const list = await json<Page<Contact>>(
      await api('GET', `/api/v1/contacts?company_id=${company.id}`, { token: analyst }),
    );
    expect(list.data.map((c) => c.id)).toEqual([contact.id]);

    const noCurrency = await api('POST', '/api/v1/companies', {
      token: agent,
      body: { name: 'No currency', budget_minor: 100 },
    });
    expect(noCurrency.status).toBe(400);
    expect((await json<Problem>(noCurrency)).errors?.[0]?.field).toContain('currency');
  });

  it('stores email, phone and national id encrypted and finds the contact by email', async () => {
    const response = await api('POST', '/api/v1/contacts', {
      token: agent,
      body: {
        first_name: 'Ana',
        last_name: 'Gómez',
        email: 'Ana.Gomez@Example.com',
        phone: '+506 8888 1234',
        national_id: '1-0234-0567',
        source: 'manual',
        medium: 'referral',
        utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
        tags: ['VIP'],
      },
    });
    expect(response.status).toBe(201);
    const contact = await json<Contact>(response);
    expect(contact).toMatchObject({
      email: 'ana.gomez@example.com',
      phone: '+50688881234',
      national_id_last4: '0567',
      tags: ['vip'],
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
      classification: 'warm',
    });

    const [row] = await app.runtime.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.orgId, owner.orgId), eq(contacts.id, contact.id)));
    expect(row!.emailEncrypted).toMatch(/^v1\./);
    expect(row!.emailEncrypted).not.toContain('example');
    expect(row!.phoneEncrypted).not.toContain('8888');
    expect(row!.nationalIdEncrypted).not.toContain('0567');
    expect(row!.emailHash).toBeTruthy();

    const found = await json<Page<Contact>>(
      await api('GET', '/api/v1/contacts?email=ANA.gomez@example.com', { token: analyst }),
    );
    expect(found.data.map((c) => c.id)).toEqual([contact.id]);
    const byPhone = await json<Page<Contact>>(
      await api('GET', `/api/v1/contacts?phone=${encodeURIComponent('+506-8888-1234')}`, {
        token: analyst,
      }),
    );
    expect(byPhone.data.map((c) => c.id)).toEqual([contact.id]);
  });

  it('captures an API lead with attribution and merges a repeat into the same contact', async () => {
    const body = {
      email: 'repeat.lead@example.com',
      first_name: 'Repeat',
      utm: { source: 'google', medium: 'cpc', campaign: 'launch' },
      medium: 'cpc',
      tags: ['webinar'],
    };
    const first = await api('POST', '/api/v1/leads', { token: agent, body });
    expect(first.status).toBe(201);
    const lead = await json<Contact>(first);
    expect(lead).toMatchObject({ source: 'api', medium: 'cpc', classification: 'cold' });

    const again = await api('POST', '/api/v1/leads', {
      token: agent,
      body: {
        email: 'REPEAT.lead@example.com',
        phone: '+1 415 555 0101',
        last_name: 'Lead',
        tags: ['pricing'],
      },
    });
    expect(again.status).toBe(200);
    const merged = await json<Contact>(again);
    expect(merged.id).toBe(lead.id);
    expect(merged).toMatchObject({
      first_name: 'Repeat',
      last_name: 'Lead',
      phone: '+14155550101',
      utm: { source: 'google', medium: 'cpc', campaign: 'launch' },
      classification: 'warm',
    });
    expect(merged.tags.sort()).toEqual(['pricing', 'webinar']);
  });

  it('lists with filters and cursor pagination', async () => {
    for (let i = 0; i < 5; i++)
      await api('POST', '/api/v1/contacts', {
        token: agent,
        body: { first_name: `Paged${i}`, tags: ['paged'], classification: 'hot' },
      });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Contact> = await json<Page<Contact>>(
        await api('GET', `/api/v1/contacts?tag=paged&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
          token: analyst,
        }),
      );
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((c) => c.first_name!));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(['Paged4', 'Paged3', 'Paged2', 'Paged1', 'Paged0']);

    const hot = await json<Page<Contact>>(
      await api('GET', '/api/v1/contacts?classification=hot&name=paged', { token: analyst }),
    );
    expect(hot.data).toHaveLength(5);
    const bad = await api('GET', '/api/v1/contacts?cursor=nonsense', { token: analyst });
    expect(bad.status).toBe(400);
  });

  it('changes only the named fields and keeps other organisations out', async () => {
    const contact = await json<Contact>(
      await api('POST', '/api/v1/contacts', {
        token: agent,
        body: { first_name: 'Pat', email: 'pat@example.com' },
      }),
    );
    const patched = await api('PATCH', `/api/v1/contacts/${contact.id}`, {
      token: agent,
      body: { last_name: 'Quinn', phone: null },
    });
    expect(patched.status).toBe(200);
    expect(await json<Contact>(patched)).toMatchObject({
      first_name: 'Pat',
      last_name: 'Quinn',
      email: 'pat@example.com',
      phone: null,
    });

    const other = await signUp(app);
    expect(
      (await api('GET', `/api/v1/contacts/${contact.id}`, { token: other.token })).status,
    ).toBe(404);
    const foreignCompany = await api('POST', '/api/v1/contacts', {
      token: other.token,
      body: { first_name: 'X', company_id: contact.id },
    });
    expect(foreignCompany.status).toBe(400);
  });

  it('refuses bad input with field details and requires crm permissions', async () => {
    const invalid = await api('POST', '/api/v1/contacts', {
      token: agent,
      body: { email: 'not-an-email', country: 'Costa Rica' },
    });
    expect(invalid.status).toBe(400);
    const problem = await json<Problem>(invalid);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['body.country', 'body.email']);
    const empty = await api('POST', '/api/v1/contacts', { token: agent, body: {} });
    expect(empty.status).toBe(400);

    const forbidden = await api('POST', '/api/v1/contacts', {
      token: marketer,
      body: { first_name: 'Nope' },
    });
    expect(forbidden.status).toBe(403);
    const readOnly = await api('POST', '/api/v1/leads', {
      token: analyst,
      body: { first_name: 'Nope' },
    });
    expect(readOnly.status).toBe(403);
  });

  it('replays a create with the same Idempotency-Key', async () => {
    const send = () =>
      api('POST', '/api/v1/contacts', {
        token: agent,
        headers: { 'idempotency-key': 'contact-once-1' },
        body: { first_name: 'Once' },
      });
    const first = await json<Contact>(await send());
    const second = await send();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await json<Contact>(second)).id).toBe(first.id);
    const list = await json<Page<Contact>>(
      await api('GET', '/api/v1/contacts?name=Once', { token: analyst }),
    );
    expect(list.data).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMemberAccount, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Contact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  tags: string[];
  owner_user_id: string | null;
}
interface Deal {
  id: string;
  title: string;
  amount: { amount_minor: number; currency: string };
}

/**
 * The contact and deal lists as a marketer works them (issue 13): accent-insensitive name
 * search, server-side sort with stable pages, bulk actions all or nothing within the caller's
 * organisation, and CSV exports that honour the list's filters, search and sort.
 */
describe('CRM lists: search, sort, bulk actions and export', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  const people = new Map<string, Contact>();

  const names = [
    ['María', 'López'],
    ['José', 'Pérez'],
    ['Mario', 'Núñez'],
    ['Ana', 'Maríñez'],
    ['Zoë', 'Álvarez'],
  ] as const;

  const list = async (query: string, token = owner.token) => {
    const response = await api('GET', `/api/v1/contacts?${query}`, { token });
    expect(response.status, await response.clone().text()).toBe(200);
    return json<Page<Contact>>(response);
  };
  const firstNames = (page: Page<Contact>) => page.data.map((contact) => contact.first_name);

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
    for (const [index, [first_name, last_name]] of names.entries()) {
      const created = await api('POST', '/api/v1/contacts', {
        token: owner.token,
        body: { first_name, last_name, email: `person-${index}@lists.test` },
      });
      expect(created.status).toBe(201);
      people.set(first_name, await json<Contact>(created));
    }
  });
  afterAll(async () => app?.close());

  it('finds names whatever their accents and case: maria finds María, jose finds José', async () => {
    expect(firstNames(await list('name=maria'))).toEqual(['María']);
    expect(firstNames(await list('name=JOSE'))).toEqual(['José']);
    expect(firstNames(await list('name=Máriá'))).toEqual(['María']);
    // The start of the last name, or of "first last".
    expect(firstNames(await list('name=perez'))).toEqual(['José']);
    expect(firstNames(await list('name=maria%20lo'))).toEqual(['María']);
    expect(firstNames(await list('name=zoe&sort=name'))).toEqual(['Zoë']);
    expect(new Set(firstNames(await list('name=mari')))).toEqual(
      new Set(['María', 'Mario', 'Ana']),
    );
    // Another organisation's contacts are never found.
    expect((await list('name=maria', other.token)).data).toEqual([]);
  });

  it('sorts by name either way, page by page, without skipping or repeating', async () => {
    const walk = async (sort: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Contact> = await list(
          `sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...firstNames(page).map(String));
        cursor = page.next_cursor;
      } while (cursor);
      return seen;
    };
    const ascending = ['Ana', 'José', 'María', 'Mario', 'Zoë'];
    expect(await walk('name')).toEqual(ascending);
    expect(await walk('-name')).toEqual([...ascending].reverse());
    expect(await walk('-created')).toEqual(['Zoë', 'Ana', 'Mario', 'José', 'María']);
  });

  it('refuses a sort it does not offer, and a cursor issued for another sort', async () => {
    const unknown = await api('GET', '/api/v1/contacts?sort=email', { token: owner.token });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect((await json<Problem>(unknown)).errors?.[0]?.field).toBe('querystring.sort');

    const page = await list('sort=name&limit=2');
    const mixed = await api('GET', `/api/v1/contacts?sort=-score&cursor=${page.next_cursor}`, {
      token: owner.token,
    });
    expect(mixed.status).toBe(400);
    expect((await json<Problem>(mixed)).detail).toMatch(/another sort order/);
  });

  it('tags, untags and assigns many contacts at once, and audits it', async () => {
    const agent = await createMemberAccount(app, owner.token, 'sales_agent');
    const ids = ['María', 'José'].map((name) => people.get(name)!.id);
    const bulk = (body: unknown, token = owner.token) =>
      api('POST', '/api/v1/contacts/bulk', { token, body });

    const tagged = await bulk({ action: 'add_tag', ids, tag: 'Feria-2026' });
    expect(tagged.status).toBe(200);
    expect(await json(tagged)).toEqual({ object: 'bulk_result', action: 'add_tag', updated: 2 });
    expect(new Set(firstNames(await list('tag=feria-2026')))).toEqual(new Set(['María', 'José']));
    // Adding it again changes nothing; removing it from one leaves the other tagged.
    expect((await bulk({ action: 'add_tag', ids, tag: 'feria-2026' })).status).toBe(200);
    expect((await list('tag=feria-2026')).data.map((c) => c.tags)).toEqual([
      ['feria-2026'],
      ['feria-2026'],
    ]);
    await bulk({ action: 'remove_tag', ids: [ids[0]], tag: 'feria-2026' });
    expect(firstNames(await list('tag=feria-2026'))).toEqual(['José']);

    const assigned = await bulk({ action: 'assign_owner', ids, owner_user_id: agent.userId });
    expect(assigned.status).toBe(200);
    expect(firstNames(await list(`owner_user_id=${agent.userId}&sort=name`))).toEqual([
      'José',
      'María',
    ]);
    const notMember = await bulk({ action: 'assign_owner', ids, owner_user_id: other.userId });
    expect(notMember.status).toBe(400);
    expect((await json<Problem>(notMember)).errors?.[0]?.field).toBe('body.owner_user_id');

    const audited = await eventually(
      () =>
        api('GET', '/api/v1/audit-log?action=crm.contacts_bulk_updated', {
          token: owner.token,
        }).then((r) => json<Page<{ target: string }>>(r)),
      (page) => page.data.length >= 4,
    );
    expect(audited.data.map((entry) => entry.target)).toContain(
      `assign_owner ${agent.userId} (2 contacts)`,
    );
  });

  it('changes nothing when any id is not a live contact of the organisation, and names it', async () => {
    const theirs = await json<Contact>(
      await api('POST', '/api/v1/contacts', {
        token: other.token,
        body: { first_name: 'Foreign', email: 'foreign@lists.test' },
      }),
    );
    const mine = people.get('Mario')!.id;
    const unknown = '01900000-0000-7000-8000-000000000999';
    const refused = await api('POST', '/api/v1/contacts/bulk', {
      token: owner.token,
      body: { action: 'add_tag', ids: [mine, theirs.id, unknown], tag: 'leak' },
    });
    expect(refused.status).toBe(400);
    const problem = await json<Problem>(refused);
    expect(problem.detail).toContain(theirs.id);
    expect(problem.detail).toContain(unknown);
    expect(problem.errors?.map((error) => error.field)).toEqual(['body.ids.1', 'body.ids.2']);
    // Neither my contact nor theirs was touched.
    expect((await list('tag=leak')).data).toEqual([]);
    expect((await list('tag=leak', other.token)).data).toEqual([]);

    const tooMany = await api('POST', '/api/v1/contacts/bulk', {
      token: owner.token,
      body: {
        action: 'add_tag',
        ids: Array.from(
          { length: 501 },
          (_, index) => `01900000-0000-7000-8000-${String(index).padStart(12, '0')}`,
        ),
        tag: 'x',
      },
    });
    expect(tooMany.status).toBe(400);
  });

  it('exports the contacts the list shows: same filters, search and order', async () => {
    const response = await api('GET', '/api/v1/contacts/export?name=mari&sort=-name', {
      token: owner.token,
    });
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(['Mario', 'María', 'Ana']);
  });

  it('sorts deals by amount and expected close, and exports them as CSV in that order', async () => {
    for (const [title, amount, closeOn] of [
      ['Small', 10_000, '2027-03-01'],
      ['Large', 900_000, null],
      ['Medium', 250_000, '2027-01-15'],
    ] as const) {
      const created = await api('POST', '/api/v1/deals', {
        token: owner.token,
        body: { title, amount_minor: amount, currency: 'USD', expected_close_on: closeOn },
      });
      expect(created.status).toBe(201);
    }
    // Soonest expected close first; a deal without a date comes last.
    const byClose = await json<Page<Deal>>(
      await api('GET', '/api/v1/deals?sort=expected_close', { token: owner.token }),
    );
    expect(byClose.data.map((deal) => deal.title)).toEqual(['Medium', 'Small', 'Large']);
    const first = await json<Page<Deal>>(
      await api('GET', '/api/v1/deals?sort=-amount&limit=2', { token: owner.token }),
    );
    expect(first.data.map((deal) => deal.title)).toEqual(['Large', 'Medium']);
    const next = await json<Page<Deal>>(
      await api('GET', `/api/v1/deals?sort=-amount&limit=2&cursor=${first.next_cursor}`, {
        token: owner.token,
      }),
    );
    expect(next.data.map((deal) => deal.title)).toEqual(['Small']);

    const exported = await api('GET', '/api/v1/deals/export?sort=amount', { token: owner.token });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toMatch(/filename="deals-.*\.csv"/);
    const [header, ...rows] = (await exported.text()).trimEnd().split('\r\n');
    expect(header).toMatch(/^id,title,status,pipeline,stage,amount_minor,currency,/);
    expect(rows.map((row) => row.split(',').slice(1, 2)[0])).toEqual(['Small', 'Medium', 'Large']);
    expect(rows[0]).toContain(',10000,USD,');
    // Another organisation exports none of them.
    const theirs = await api('GET', '/api/v1/deals/export', { token: other.token });
    expect((await theirs.text()).trimEnd().split('\r\n')).toHaveLength(1);
  });
});

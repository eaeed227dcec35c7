import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import {
  salesforceToken,
  startFakeSalesforceServer,
  type FakeSalesforceOrg,
  type FakeSalesforceServer,
} from './support/fake-salesforce-server.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Connection {
  provider: string;
  status: string;
  organization_id: string;
  instance_url: string;
  last_error: string | null;
}
interface SyncRun {
  id: string;
  trigger: string;
  status: string;
  pulled: number;
  pushed: number;
  skipped: number;
  erased: number;
  failed: number;
  errors: { stage: string; message: string }[];
}
interface Contact {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  city: string | null;
}

/** Past the current second: Salesforce's modification times are whole seconds. */
const nextSecond = () => sleep(1100);

describe('Salesforce lead sync: connect, push, pull, conflicts, limits, expired sessions, erasure (fake Salesforce)', () => {
  let salesforce: FakeSalesforceServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let org: FakeSalesforceOrg;
  let otherOrg: FakeSalesforceOrg;
  let lucia: Contact;
  const token = salesforceToken();
  const otherToken = salesforceToken();

  const connect = (as: string, body: Record<string, string>) =>
    api('PUT', '/api/v1/integrations/salesforce/connection', { token: as, body });
  const sync = async (as: string) => {
    const response = await api('POST', '/api/v1/integrations/salesforce/sync', { token: as });
    expect(response.status).toBe(200);
    return json<SyncRun>(response);
  };
  const contactByEmail = async (as: string, email: string) =>
    (
      await json<Page<Contact>>(
        await api('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`, { token: as }),
      )
    ).data[0];
  const callsOf = (organizationId: string) =>
    salesforce.requests.filter((r) => r.organizationId === organizationId);

  beforeAll(async () => {
    salesforce = await startFakeSalesforceServer();
    org = salesforce.org(token, '00D5g000004AbCdEAA');
    otherOrg = salesforce.org(otherToken, '00D5g000009ZyXwEAA');
    // Already in Salesforce before the first sync: more than one query page of 200.
    for (let i = 0; i < 250; i += 1)
      org.add({
        Email: `buyer${i}@salesforce.test`,
        FirstName: `Buyer ${i}`,
        LastName: 'Mora',
        Company: 'Acme',
        City: 'Cartago',
      });
    app = await startTestApp({
      env: { SALESFORCE_RETRY_BASE_MS: '5', SALESFORCE_ALLOW_LOOPBACK: 'true' },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await salesforce?.close();
  });

  it('connects with an instance URL and a token Salesforce accepts; refuses a bad token or a non-https, private instance with a 400; owners and admins only', async () => {
    const bad = await connect(owner.token, {
      instance_url: salesforce.url,
      access_token: salesforceToken(),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<Problem>(bad)).toMatchObject({
      code: 'validation_failed',
      detail: 'Salesforce refused the access token',
      errors: [{ field: 'body.access_token', message: expect.stringMatching(/403/) }],
    });

    for (const instance of [
      'http://93.184.215.14',
      'https://10.1.2.3',
      'https://169.254.169.254',
    ]) {
      const refused = await connect(owner.token, { instance_url: instance, access_token: token });
      expect(refused.status).toBe(400);
      expect(await json<Problem>(refused)).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'body.instance_url' }],
      });
    }
    expect(salesforce.requests.filter((r) => r.organizationId)).toEqual([]);

    const analyst = await createMember(app, owner.token, 'analyst');
    expect(
      (await connect(analyst, { instance_url: salesforce.url, access_token: token })).status,
    ).toBe(403);

    const connected = await connect(owner.token, {
      instance_url: `${salesforce.url}/`,
      access_token: token,
    });
    expect(connected.status).toBe(200);
    const connection = await json<Connection>(connected);
    expect(connection).toMatchObject({
      provider: 'salesforce',
      status: 'active',
      organization_id: org.organizationId,
      instance_url: salesforce.url,
    });
    expect(JSON.stringify(connection)).not.toContain(token);
    expect(
      await json<Connection>(
        await api('GET', '/api/v1/integrations/salesforce/connection', { token: owner.token }),
      ),
    ).toMatchObject({ organization_id: org.organizationId, status: 'active' });
    const providers = await json<{ data: { provider: string; configured: boolean }[] }>(
      await api('GET', '/api/v1/integrations', { token: owner.token }),
    );
    expect(providers.data.find((p) => p.provider === 'salesforce')?.configured).toBe(true);
  });

  it('puts a lead captured in PromptCRM into Salesforce as a Lead and brings Salesforce’s Leads in, page by page', async () => {
    const created = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: { first_name: 'Lucía', email: 'Lucia@Volta.test', city: 'San José' },
    });
    expect(created.status).toBe(201);
    lucia = await json<Contact>(created);

    const run = await sync(owner.token);
    expect(run).toMatchObject({ trigger: 'manual', status: 'succeeded', pulled: 250, failed: 0 });
    expect(run.pushed).toBeGreaterThanOrEqual(251);
    // LastName and Company are required by Salesforce: the placeholder stands in.
    expect(org.byEmail('lucia@volta.test')).toMatchObject({
      FirstName: 'Lucía',
      LastName: '[not provided]',
      Company: '[not provided]',
      City: 'San José',
      Status: 'Open - Not Contacted',
    });
    expect(await contactByEmail(owner.token, 'buyer249@salesforce.test')).toMatchObject({
      first_name: 'Buyer 249',
      last_name: 'Mora',
      city: 'Cartago',
    });
    // An update sends no placeholder: Salesforce keeps the Company it holds.
    expect(org.byEmail('buyer0@salesforce.test')).toMatchObject({
      Company: 'Acme',
      Status: 'Open - Not Contacted',
    });
    // The placeholder never comes back as a last name.
    expect((await contactByEmail(owner.token, 'lucia@volta.test'))?.last_name).toBeNull();
    const calls = callsOf(org.organizationId);
    expect(calls.some((c) => /^\/services\/data\/v60\.0\/query\/01g/.test(c.path))).toBe(true);
    expect(calls.filter((c) => c.method === 'PATCH').length).toBeGreaterThanOrEqual(2);
    expect(calls.some((c) => c.method === 'POST' && c.path.endsWith('/composite/sobjects'))).toBe(
      true,
    );

    const runs = await json<Page<SyncRun>>(
      await api('GET', '/api/v1/integrations/salesforce/sync-runs', { token: owner.token }),
    );
    expect(runs.data[0]).toMatchObject({ id: run.id, status: 'succeeded', pulled: 250 });
  });

  it('brings back a change made in Salesforce, and a sync with nothing new changes nothing', async () => {
    await nextSecond();
    org.edit('lucia@volta.test', { City: 'Heredia' });
    const run = await sync(owner.token);
    expect(run).toMatchObject({ status: 'succeeded', pulled: 1, skipped: 0 });
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Heredia',
    });
    expect(await sync(owner.token)).toMatchObject({ status: 'succeeded', pulled: 0 });
  });

  it('resolves a conflict by the newer side, whichever it is', async () => {
    // Salesforce first, then PromptCRM: ours is newer and wins on both sides.
    await nextSecond();
    org.edit('lucia@volta.test', { City: 'Cartago' });
    await nextSecond();
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { city: 'Alajuela' },
    });
    const oursNewer = await sync(owner.token);
    expect(oursNewer).toMatchObject({ status: 'succeeded', skipped: 1, pulled: 0 });
    expect(org.byEmail('lucia@volta.test')?.City).toBe('Alajuela');
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Alajuela',
    });

    // PromptCRM first, then Salesforce: Salesforce's is newer and wins on both sides.
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { city: 'Limón' },
    });
    await nextSecond();
    org.edit('lucia@volta.test', { City: 'Puntarenas' });
    const theirsNewer = await sync(owner.token);
    expect(theirsNewer).toMatchObject({ status: 'succeeded', pulled: 1 });
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Puntarenas',
    });
    expect(org.byEmail('lucia@volta.test')?.City).toBe('Puntarenas');
  });

  it('retries REQUEST_LIMIT_EXCEEDED (403) with backoff and completes the run', async () => {
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { first_name: 'Lucy' },
    });
    const before = callsOf(org.organizationId).length;
    salesforce.exceedLimit(2);
    const run = await sync(owner.token);
    expect(run).toMatchObject({ status: 'succeeded', pushed: 1 });
    const calls = callsOf(org.organizationId).slice(before);
    expect(calls.filter((c) => c.status === 403)).toHaveLength(2);
    expect(calls.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/services/data/v60.0/composite/sobjects',
      status: 200,
    });
    expect(org.byEmail('lucia@volta.test')?.FirstName).toBe('Lucy');
  });

  it('deletes the person’s Lead in Salesforce when the person is erased here, and records it', async () => {
    const erased = await api('POST', `/api/v1/contacts/${lucia.id}/erasure`, {
      token: owner.token,
    });
    expect(erased.status).toBe(201);
    await eventually(
      () => org.byEmail('lucia@volta.test'),
      (lead) => lead === undefined,
    );
    const runs = await eventually(
      async () =>
        json<Page<SyncRun>>(
          await api('GET', '/api/v1/integrations/salesforce/sync-runs', { token: owner.token }),
        ),
      (page) => page.data.some((r) => r.trigger === 'erasure' && r.status === 'succeeded'),
    );
    expect(runs.data.find((r) => r.trigger === 'erasure')).toMatchObject({ erased: 1, failed: 0 });
    expect(
      salesforce.requests.some(
        (r) =>
          r.method === 'DELETE' &&
          r.path.startsWith('/services/data/v60.0/sobjects/Lead/') &&
          r.status === 204,
      ),
    ).toBe(true);
  });

  it('keeps another organisation apart: its own Salesforce org, none of these Leads, none of these runs', async () => {
    const none = await api('GET', '/api/v1/integrations/salesforce/connection', {
      token: other.token,
    });
    expect(none.status).toBe(404);
    const refused = await api('POST', '/api/v1/integrations/salesforce/sync', {
      token: other.token,
    });
    expect(refused.status).toBe(422);
    expect(
      (
        await json<Page<SyncRun>>(
          await api('GET', '/api/v1/integrations/salesforce/sync-runs', { token: other.token }),
        )
      ).data,
    ).toEqual([]);

    await connect(other.token, { instance_url: salesforce.url, access_token: otherToken });
    await api('POST', '/api/v1/contacts', {
      token: other.token,
      body: { first_name: 'Otto', last_name: 'Brenes', email: 'otto@other.test' },
    });
    const run = await sync(other.token);
    expect(run).toMatchObject({ status: 'succeeded', pulled: 0, pushed: 1 });
    expect([...otherOrg.leads.values()].map((l) => [l.Email, l.LastName])).toEqual([
      ['otto@other.test', 'Brenes'],
    ]);
    expect(org.byEmail('otto@other.test')).toBeUndefined();
    expect(await contactByEmail(other.token, 'buyer1@salesforce.test')).toBeUndefined();
  });

  it('stops calling Salesforce once it answers INVALID_SESSION_ID (401), until the organisation connects again', async () => {
    const fresh = salesforce.expire(token);
    await api(
      'PATCH',
      `/api/v1/contacts/${(await contactByEmail(owner.token, 'buyer1@salesforce.test'))!.id}`,
      { token: owner.token, body: { city: 'Liberia' } },
    );
    const refused = await sync(owner.token);
    expect(refused.status).toBe('failed');
    expect(refused.errors[0]?.message).toMatch(/connect Salesforce again/);
    expect(
      await json<Connection>(
        await api('GET', '/api/v1/integrations/salesforce/connection', { token: owner.token }),
      ),
    ).toMatchObject({
      status: 'needs_attention',
      last_error: expect.stringMatching(/INVALID_SESSION_ID/),
    });

    const before = salesforce.requests.length;
    const stopped = await sync(owner.token);
    expect(stopped).toMatchObject({ status: 'failed', errors: [{ stage: 'connect' }] });
    expect(salesforce.requests.length).toBe(before);

    const reconnected = await connect(owner.token, {
      instance_url: salesforce.url,
      access_token: fresh,
    });
    expect(await json<Connection>(reconnected)).toMatchObject({
      status: 'active',
      last_error: null,
    });
    expect(await sync(owner.token)).toMatchObject({ status: 'succeeded', pushed: 1 });
    expect(org.byEmail('buyer1@salesforce.test')?.City).toBe('Liberia');
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/eventually.js';
import {
  privateAppToken,
  startFakeHubSpotServer,
  type FakeHubSpotServer,
  type FakePortal,
} from './support/fake-hubspot-server.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Connection {
  status: string;
  portal_id: string;
  currency: string | null;
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
  email: string | null;
  city: string | null;
}

describe('HubSpot contact sync: connect, push, pull, conflicts, limits, revoked tokens, erasure (fake HubSpot)', () => {
  let hubspot: FakeHubSpotServer;
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let other: SignedUp;
  let portal: FakePortal;
  let otherPortal: FakePortal;
  let lucia: Contact;
  const token = privateAppToken();
  const otherToken = privateAppToken();

  const sync = async (as: string) => {
    const response = await api('POST', '/api/v1/integrations/hubspot/sync', { token: as });
    expect(response.status).toBe(200);
    return json<SyncRun>(response);
  };
  const contactByEmail = async (as: string, email: string) =>
    (
      await json<Page<Contact>>(
        await api('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`, { token: as }),
      )
    ).data[0];
  const callsOf = (portalId: number) => hubspot.requests.filter((r) => r.portalId === portalId);

  beforeAll(async () => {
    hubspot = await startFakeHubSpotServer();
    portal = hubspot.portal(token, 4_417_001, 'EUR');
    otherPortal = hubspot.portal(otherToken, 4_417_002);
    // Already in HubSpot before the first sync: more than one search page.
    for (let i = 0; i < 120; i += 1)
      portal.add({ email: `buyer${i}@hubspot.test`, firstname: `Buyer ${i}`, city: 'Cartago' });
    app = await startTestApp({
      env: { HUBSPOT_API_BASE_URL: hubspot.url, HUBSPOT_RETRY_BASE_MS: '5' },
    });
    api = apiClient(app.url);
    owner = await signUp(app);
    other = await signUp(app);
  });
  afterAll(async () => {
    await app?.close();
    await hubspot?.close();
  });

  it('connects with a private-app token HubSpot accepts, refuses a bad one with a 400, owners and admins only', async () => {
    const bad = await api('PUT', '/api/v1/integrations/hubspot/connection', {
      token: owner.token,
      body: { access_token: privateAppToken() },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await json<Problem>(bad)).toMatchObject({
      code: 'validation_failed',
      detail: 'HubSpot refused the access token',
      errors: [{ field: 'body.access_token', message: expect.stringMatching(/401/) }],
    });

    const analyst = await createMember(app, owner.token, 'analyst');
    const forbidden = await api('PUT', '/api/v1/integrations/hubspot/connection', {
      token: analyst,
      body: { access_token: token },
    });
    expect(forbidden.status).toBe(403);

    const connected = await api('PUT', '/api/v1/integrations/hubspot/connection', {
      token: owner.token,
      body: { access_token: token },
    });
    expect(connected.status).toBe(200);
    const connection = await json<Connection & Record<string, unknown>>(connected);
    expect(connection).toMatchObject({ status: 'active', portal_id: '4417001', currency: 'EUR' });
    expect(JSON.stringify(connection)).not.toContain(token);
    expect(
      await json<Connection>(
        await api('GET', '/api/v1/integrations/hubspot/connection', { token: owner.token }),
      ),
    ).toMatchObject({ portal_id: '4417001', status: 'active' });
    const providers = await json<{ data: { provider: string; configured: boolean }[] }>(
      await api('GET', '/api/v1/integrations', { token: owner.token }),
    );
    expect(providers.data.find((p) => p.provider === 'hubspot')?.configured).toBe(true);
  });

  it('puts a lead captured in PromptCRM into HubSpot and brings HubSpot’s contacts in, page by page', async () => {
    const created = await api('POST', '/api/v1/contacts', {
      token: owner.token,
      body: {
        first_name: 'Lucía',
        last_name: 'Vargas',
        email: 'Lucia@Volta.test',
        city: 'San José',
      },
    });
    expect(created.status).toBe(201);
    lucia = await json<Contact>(created);

    const run = await sync(owner.token);
    expect(run).toMatchObject({ trigger: 'manual', status: 'succeeded', pulled: 120, failed: 0 });
    expect(run.pushed).toBeGreaterThanOrEqual(121);
    expect(portal.byEmail('lucia@volta.test')?.properties).toMatchObject({
      firstname: 'Lucía',
      lastname: 'Vargas',
      city: 'San José',
      lifecyclestage: 'lead',
    });
    expect(await contactByEmail(owner.token, 'buyer119@hubspot.test')).toMatchObject({
      first_name: 'Buyer 119',
      city: 'Cartago',
    });
    // Two search pages (100 + 20) and two upsert batches of at most 100.
    const calls = callsOf(portal.portalId);
    expect(calls.filter((c) => c.path.endsWith('/search')).length).toBeGreaterThanOrEqual(2);
    expect(calls.filter((c) => c.path.endsWith('/batch/upsert')).length).toBeGreaterThanOrEqual(2);

    const runs = await json<Page<SyncRun>>(
      await api('GET', '/api/v1/integrations/hubspot/sync-runs', { token: owner.token }),
    );
    expect(runs.data[0]).toMatchObject({ id: run.id, status: 'succeeded', pulled: 120 });
  });

  it('brings back a change made in HubSpot, and a sync with nothing new changes nothing', async () => {
    portal.edit('lucia@volta.test', { city: 'Heredia' });
    const run = await sync(owner.token);
    expect(run).toMatchObject({ status: 'succeeded', pulled: 1, skipped: 0 });
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Heredia',
    });
    expect(await sync(owner.token)).toMatchObject({ status: 'succeeded', pulled: 0 });
  });

  it('resolves a conflict by the newer side, whichever it is', async () => {
    // HubSpot first, then PromptCRM: ours is newer and wins on both sides.
    portal.edit('lucia@volta.test', { city: 'Cartago' });
    await sleep(20);
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { city: 'Alajuela' },
    });
    const oursNewer = await sync(owner.token);
    expect(oursNewer).toMatchObject({ status: 'succeeded', skipped: 1, pulled: 0 });
    expect(portal.byEmail('lucia@volta.test')?.properties.city).toBe('Alajuela');
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Alajuela',
    });

    // PromptCRM first, then HubSpot: HubSpot's is newer and wins on both sides.
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { city: 'Limón' },
    });
    await sleep(20);
    portal.edit('lucia@volta.test', { city: 'Puntarenas' });
    const theirsNewer = await sync(owner.token);
    expect(theirsNewer).toMatchObject({ status: 'succeeded', pulled: 1, skipped: 0 });
    expect(await contactByEmail(owner.token, 'lucia@volta.test')).toMatchObject({
      city: 'Puntarenas',
    });
    expect(portal.byEmail('lucia@volta.test')?.properties.city).toBe('Puntarenas');
  });

  it('retries HubSpot’s 429 (RATE_LIMITS, no Retry-After) and completes the run', async () => {
    await api('PATCH', `/api/v1/contacts/${lucia.id}`, {
      token: owner.token,
      body: { first_name: 'Lucy' },
    });
    const before = callsOf(portal.portalId).length;
    hubspot.throttle(2);
    const run = await sync(owner.token);
    expect(run).toMatchObject({ status: 'succeeded', pushed: 1 });
    const calls = callsOf(portal.portalId).slice(before);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(2);
    expect(calls.at(-1)).toMatchObject({
      path: '/crm/v3/objects/contacts/batch/upsert',
      status: 200,
    });
    expect(portal.byEmail('lucia@volta.test')?.properties.firstname).toBe('Lucy');
  });

  it('GDPR-deletes the HubSpot contact when the person is erased here, and records it', async () => {
    const erased = await api('POST', `/api/v1/contacts/${lucia.id}/erasure`, {
      token: owner.token,
    });
    expect(erased.status).toBe(201);
    await eventually(
      () => portal.byEmail('lucia@volta.test'),
      (contact) => contact === undefined,
    );
    const runs = await eventually(
      async () =>
        json<Page<SyncRun>>(
          await api('GET', '/api/v1/integrations/hubspot/sync-runs', { token: owner.token }),
        ),
      (page) => page.data.some((r) => r.trigger === 'erasure' && r.status === 'succeeded'),
    );
    expect(runs.data.find((r) => r.trigger === 'erasure')).toMatchObject({ erased: 1, failed: 0 });
    expect(
      hubspot.requests.some(
        (r) => r.path === '/crm/v3/objects/contacts/gdpr-delete' && r.status === 204,
      ),
    ).toBe(true);
  });

  it('keeps another organisation apart: its own portal, none of these contacts, none of these runs', async () => {
    const none = await api('GET', '/api/v1/integrations/hubspot/connection', {
      token: other.token,
    });
    expect(none.status).toBe(404);
    const refused = await api('POST', '/api/v1/integrations/hubspot/sync', { token: other.token });
    expect(refused.status).toBe(422);
    expect(
      (
        await json<Page<SyncRun>>(
          await api('GET', '/api/v1/integrations/hubspot/sync-runs', { token: other.token }),
        )
      ).data,
    ).toEqual([]);

    await api('PUT', '/api/v1/integrations/hubspot/connection', {
      token: other.token,
      body: { access_token: otherToken },
    });
    await api('POST', '/api/v1/contacts', {
      token: other.token,
      body: { first_name: 'Otto', email: 'otto@other.test' },
    });
    const run = await sync(other.token);
    expect(run).toMatchObject({ status: 'succeeded', pulled: 0, pushed: 1 });
    expect([...otherPortal.contacts.values()].map((c) => c.properties.email)).toEqual([
      'otto@other.test',
    ]);
    expect(portal.byEmail('otto@other.test')).toBeUndefined();
    expect(await contactByEmail(other.token, 'buyer1@hubspot.test')).toBeUndefined();
  });

  it('stops calling HubSpot once it refuses the token (401), until the organisation connects again', async () => {
    const fresh = hubspot.rotate(token);
    await api(
      'PATCH',
      `/api/v1/contacts/${(await contactByEmail(owner.token, 'buyer1@hubspot.test'))!.id}`,
      {
        token: owner.token,
        body: { city: 'Liberia' },
      },
    );
    const refused = await sync(owner.token);
    expect(refused.status).toBe('failed');
    expect(refused.errors[0]?.message).toMatch(/connect HubSpot again/);
    expect(
      await json<Connection>(
        await api('GET', '/api/v1/integrations/hubspot/connection', { token: owner.token }),
      ),
    ).toMatchObject({ status: 'needs_attention', last_error: expect.stringMatching(/401/) });

    const before = hubspot.requests.length;
    const stopped = await sync(owner.token);
    expect(stopped).toMatchObject({ status: 'failed', errors: [{ stage: 'connect' }] });
    expect(hubspot.requests.length).toBe(before);

    const reconnected = await api('PUT', '/api/v1/integrations/hubspot/connection', {
      token: owner.token,
      body: { access_token: fresh },
    });
    expect(await json<Connection>(reconnected)).toMatchObject({
      status: 'active',
      last_error: null,
    });
    expect(await sync(owner.token)).toMatchObject({ status: 'succeeded', pushed: 1 });
    expect(portal.byEmail('buyer1@hubspot.test')?.properties.city).toBe('Liberia');
  });
});

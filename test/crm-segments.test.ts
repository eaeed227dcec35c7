import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineAudienceSegment, segmentSummary } from '../src/modules/crm/index.js';
import { consents } from '../src/modules/crm/infrastructure/crm.tables.js';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import { createMember, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Segment {
  id: string;
  name: string;
  member_count: number;
  computed_at: string | null;
  eligible?: { email: number; sms: number; whatsapp: number };
}
interface Member {
  contact_id: string;
  country: string | null;
}

const thisYear = new Date().getUTCFullYear();

describe('CRM segments through the HTTP API', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  let analyst: string;
  const ids: Record<string, string> = {};

  async function contact(key: string, body: Record<string, unknown>) {
    const response = await api('POST', '/api/v1/contacts', { token: owner.token, body });
    expect(response.status).toBe(201);
    ids[key] = (await json<{ id: string }>(response)).id;
  }

  const getSegment = async (id: string, token = owner.token) =>
    json<Segment>(await api('GET', `/api/v1/segments/${id}`, { token }));
  const members = async (id: string) =>
    (
      await json<Page<Member>>(
        await api('GET', `/api/v1/segments/${id}/members?limit=100`, { token: owner.token }),
      )
    ).data
      .map((member) => member.contact_id)
      .sort();

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    analyst = await createMember(app, owner.token, 'analyst');
    await contact('ana', {
      first_name: 'Ana',
      email: 'ana@example.com',
      phone: '+506 8888 0001',
      country: 'CR',
      birth_year: thisYear - 30,
      interests: ['running', 'yoga'],
      utm: { source: 'facebook', campaign: 'summer' },
    });
    await contact('bruno', {
      first_name: 'Bruno',
      email: 'bruno@example.com',
      country: 'MX',
      birth_year: thisYear - 45,
      interests: ['running'],
    });
    await contact('carla', {
      first_name: 'Carla',
      phone: '+52 55 1234 5678',
      country: 'CR',
      birth_year: thisYear - 22,
      interests: ['cooking'],
      tags: ['vip'],
    });
    await contact('dario', { first_name: 'Darío', country: 'US', birth_year: thisYear - 33 });
  });
  afterAll(async () => app?.close());

  const runnersInCentralAmerica = {
    match: 'all',
    conditions: [
      { field: 'country', op: 'in', value: ['CR', 'MX'] },
      { field: 'age', op: 'between', value: [25, 50] },
      { field: 'interests', op: 'contains', value: 'running' },
    ],
  };

  it('previews, saves and computes a segment in the background; an analyst reads it', async () => {
    const preview = await api('POST', '/api/v1/segments/preview', {
      token: analyst,
      body: { rules: runnersInCentralAmerica },
    });
    expect(await json<{ count: number }>(preview)).toEqual({ count: 2 });

    const created = await api('POST', '/api/v1/segments', {
      token: owner.token,
      body: { name: 'Runners CR/MX 25–50', rules: runnersInCentralAmerica },
    });
    expect(created.status).toBe(201);
    const segment = await json<Segment>(created);
    const computed = await eventually(
      () => getSegment(segment.id, analyst),
      (value) => value.computed_at !== null,
    );
    expect(computed.member_count).toBe(2);
    expect(await members(segment.id)).toEqual([ids.ana, ids.bruno].sort());

    const forbidden = await api('POST', '/api/v1/segments', {
      token: analyst,
      body: { name: 'nope', rules: runnersInCentralAmerica },
    });
    expect(forbidden.status).toBe(403);
  });

  it('refuses rules that do not fit their fields with field details, and writes nothing', async () => {
    const before = await json<Page<Segment>>(
      await api('GET', '/api/v1/segments', { token: owner.token }),
    );
    const response = await api('POST', '/api/v1/segments', {
      token: owner.token,
      body: {
        name: 'Broken',
        rules: { match: 'all', conditions: [{ field: 'age', op: 'contains', value: 'x' }] },
      },
    });
    expect(response.status).toBe(400);
    const problem = await json<Problem>(response);
    expect(problem.errors?.[0]?.field).toContain('rules.conditions.0');
    const after = await json<Page<Segment>>(
      await api('GET', '/api/v1/segments', { token: owner.token }),
    );
    expect(after.data.length).toBe(before.data.length);
  });

  it('treats hostile text as a value, not SQL', async () => {
    const response = await api('POST', '/api/v1/segments/preview', {
      token: owner.token,
      body: {
        rules: {
          match: 'any',
          conditions: [
            { field: 'city', op: 'eq', value: "x' or '1'='1" },
            { field: 'source', op: 'contains', value: "%' or true --" },
          ],
        },
      },
    });
    expect(await json<{ count: number }>(response)).toEqual({ count: 0 });
  });

  it('keeps membership current as contacts are created and changed', async () => {
    const created = await json<Segment>(
      await api('POST', '/api/v1/segments', {
        token: owner.token,
        body: {
          name: 'Costa Rica or VIP',
          rules: {
            match: 'any',
            conditions: [
              { field: 'country', op: 'eq', value: 'cr' },
              { field: 'tags', op: 'contains', value: ['vip'] },
            ],
          },
        },
      }),
    );
    await eventually(
      () => members(created.id),
      (list) => list.length === 2,
    );
    await contact('elena', { first_name: 'Elena', country: 'CR' });
    await eventually(
      () => members(created.id),
      (list) => list.includes(ids.elena!),
    );
    const moved = await api('PATCH', `/api/v1/contacts/${ids.ana}`, {
      token: owner.token,
      body: { country: 'PA' },
    });
    expect(moved.status).toBe(200);
    await eventually(
      () => members(created.id),
      (list) => !list.includes(ids.ana!),
    );
    expect((await getSegment(created.id)).member_count).toBe(2);
  });

  it('counts members reachable per channel from consent and address', async () => {
    const all = await json<Segment>(
      await api('POST', '/api/v1/segments', {
        token: owner.token,
        body: { name: 'Everyone', rules: { match: 'all', conditions: [] } },
      }),
    );
    await eventually(
      () => getSegment(all.id),
      (value) => value.computed_at !== null,
    );
    await app.runtime.db.insert(consents).values([
      // Ana has an email and a phone; Carla only a phone; Darío consents but has no address.
      {
        orgId: owner.orgId,
        contactId: ids.ana!,
        channel: 'email',
        status: 'granted',
        source: 'form',
      },
      {
        orgId: owner.orgId,
        contactId: ids.ana!,
        channel: 'whatsapp',
        status: 'granted',
        source: 'form',
      },
      {
        orgId: owner.orgId,
        contactId: ids.carla!,
        channel: 'sms',
        status: 'granted',
        source: 'form',
      },
      {
        orgId: owner.orgId,
        contactId: ids.carla!,
        channel: 'email',
        status: 'granted',
        source: 'form',
      },
      {
        orgId: owner.orgId,
        contactId: ids.bruno!,
        channel: 'email',
        status: 'withdrawn',
        source: 'form',
      },
      {
        orgId: owner.orgId,
        contactId: ids.dario!,
        channel: 'sms',
        status: 'granted',
        source: 'form',
      },
    ]);
    const segment = await getSegment(all.id);
    expect(segment.member_count).toBe(5);
    expect(segment.eligible).toEqual({ email: 1, sms: 1, whatsapp: 1 });
  });

  it('gives the portal a segment from campaign audiences in its own transaction, computed later', async () => {
    const { segmentId } = await app.runtime.db.transaction((tx) =>
      defineAudienceSegment(
        app.runtime,
        owner.orgId,
        {
          name: 'Campaign audiences',
          audiences: [
            { name: 'Young CR', countries: ['CR'], ageMin: 18, ageMax: 25, interests: [] },
            {
              name: 'MX runners',
              countries: ['MX'],
              ageMin: 30,
              ageMax: 60,
              interests: ['Running'],
            },
          ],
          campaignRequestId: '0194a7c4-0000-7000-8000-000000000001',
        },
        { transaction: tx, createdBy: 'user:test' },
      ),
    );
    const summary = await eventually(
      () => segmentSummary(app.runtime, owner.orgId, segmentId),
      (value) => value !== undefined && value.memberCount === 2,
    );
    expect(summary).toEqual({
      id: segmentId,
      name: 'Campaign audiences',
      memberCount: 2,
      eligible: { email: 0, sms: 1, whatsapp: 0 },
    });
    expect(
      await segmentSummary(app.runtime, owner.orgId, '0194a7c4-0000-7000-8000-0000000000ff'),
    ).toBeUndefined();
  });

  it("hides one organisation's segments from another", async () => {
    const other = await signUp(app);
    const list = await json<Page<Segment>>(
      await api('GET', '/api/v1/segments', { token: owner.token }),
    );
    const id = list.data[0]!.id;
    expect((await api('GET', `/api/v1/segments/${id}`, { token: other.token })).status).toBe(404);
    expect(
      (await api('GET', `/api/v1/segments/${id}/members`, { token: other.token })).status,
    ).toBe(404);
    expect((await api('DELETE', `/api/v1/segments/${id}`, { token: other.token })).status).toBe(
      404,
    );
    expect(await segmentSummary(app.runtime, other.orgId, id)).toBeUndefined();
    expect((await api('DELETE', `/api/v1/segments/${id}`, { token: owner.token })).status).toBe(
      204,
    );
  });
});

import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { identityModule } from '../src/modules/identity/index.js';
import { purgeAuditLogJob } from '../src/modules/identity/application/purge-audit-log.job.js';
import type { ModuleDefinition } from '../src/platform/module.js';
import { apiClient, json, type Page } from './support/http.js';
import { createMemberAccount, signUp, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

interface Entry {
  id: string;
  occurred_at: string;
  actor: string;
  actor_name: string | null;
  action: string;
  method: string;
  route: string;
  status: number;
  target: string | null;
  ip: string | null;
  request_id: string;
}

/** Another module's routes: the audit hook must see them too. */
const probeModule: ModuleDefinition = {
  name: 'probe',
  routes: async (app) => {
    app.put(
      '/probes/:id',
      { schema: { params: z.object({ id: z.string() }) } },
      async (request) => ({ id: request.params.id }),
    );
    // A POST that only reads (a report query) is not a change; an export names its audit action.
    app.post('/probes/search', { config: { readsOnly: true } }, async () => ({ found: 0 }));
    app.post(
      '/probes/export',
      { config: { readsOnly: true, audit: 'probe.exported' } },
      async () => ({ rows: 0 }),
    );
    app.post('/probes/:id/fail', async () => {
      throw new Error('boom');
    });
  },
};

describe('audit log', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [identityModule, probeModule] });
    api = apiClient(app.url);
    owner = await signUp(app);
  });
  afterAll(async () => app?.close());

  const read = (query = '', token = owner.token) =>
    api('GET', `/api/v1/audit-log${query}`, { token }).then((r) => json<Page<Entry>>(r));

  it('records who, what, on what, when, from where and in which request, for every module', async () => {
    const analyst = await createMemberAccount(app, owner.token, 'analyst');
    const changed = await api('PATCH', `/api/v1/members/${analyst.userId}`, {
      token: owner.token,
      body: { role: 'marketer' },
      headers: { 'x-request-id': 'audit-req-1' },
    });
    expect(changed.status).toBe(200);
    expect((await api('POST', '/api/v1/probes/search', { token: owner.token })).status).toBe(200);
    expect((await api('POST', '/api/v1/probes/export', { token: owner.token })).status).toBe(200);
    // Recorded after the two above, so once it is in the log they would be too.
    const probed = await api('PUT', '/api/v1/probes/p-42', { token: owner.token, body: {} });
    expect(probed.status).toBe(200);
    // Refused and failed requests change nothing and are not recorded.
    await api('PATCH', '/api/v1/organization', { token: analyst.token, body: { name: 'Nope' } });
    await api('POST', '/api/v1/probes/p-43/fail', { token: owner.token });

    const page = await eventually(read, (p) =>
      p.data.some((e) => e.route === '/api/v1/probes/:id'),
    );
    const roleChange = page.data.find((e) => e.action === 'member.role_changed');
    expect(roleChange).toMatchObject({
      actor: `user:${owner.userId}`,
      actor_name: 'Test Owner',
      method: 'PATCH',
      route: '/api/v1/members/:userId',
      status: 200,
      target: analyst.userId,
      request_id: 'audit-req-1',
    });
    expect(roleChange?.ip).toBeTruthy();
    expect(Date.now() - new Date(roleChange?.occurred_at ?? 0).getTime()).toBeLessThan(60_000);
    expect(page.data.find((e) => e.route === '/api/v1/probes/:id')).toMatchObject({
      action: 'PUT /api/v1/probes/:id',
      target: 'p-42',
    });
    expect(page.data.some((e) => e.route === '/api/v1/probes/search')).toBe(false);
    expect(page.data.find((e) => e.route === '/api/v1/probes/export')?.action).toBe(
      'probe.exported',
    );
    expect(page.data.some((e) => e.route === '/api/v1/organization')).toBe(false);
    expect(page.data.some((e) => e.route.includes('/fail'))).toBe(false);
    // Sign-up and the invitation accept are recorded with the user, never the invitation token.
    expect(page.data.find((e) => e.action === 'auth.signed_up')?.actor).toBe(
      `user:${owner.userId}`,
    );
    expect(page.data.find((e) => e.action === 'invitation.accepted')?.target).toBe(analyst.userId);
    // Newest first.
    const ids = page.data.map((e) => e.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('filters by actor, action, target and time, pages with a cursor, and stays in its organisation', async () => {
    const admin = await createMemberAccount(app, owner.token, 'admin');
    await api('PATCH', '/api/v1/organization', { token: admin.token, body: { name: 'By Admin' } });
    await api('PATCH', '/api/v1/organization', { token: owner.token, body: { name: 'By Owner' } });
    await eventually(
      () => read('?action=organization.updated'),
      (p) => p.data.length >= 2,
    );
    const byAdmin = await read(`?actor=${encodeURIComponent(`user:${admin.userId}`)}`);
    expect(byAdmin.data.map((e) => e.action)).toEqual([
      'organization.updated',
      'invitation.accepted',
    ]);
    const updates = await read('?action=organization.updated&limit=1');
    expect(updates.data).toHaveLength(1);
    expect(updates.has_more).toBe(true);
    const next = await read(`?action=organization.updated&limit=1&cursor=${updates.next_cursor}`);
    expect(next.data).toHaveLength(1);
    expect(next.data[0]?.id).not.toBe(updates.data[0]?.id);
    const byTarget = await read(`?target=${admin.userId}`);
    expect(byTarget.data.map((e) => e.action)).toContain('invitation.accepted');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await read(`?from=${encodeURIComponent(future)}`)).data).toEqual([]);
    expect(
      (await read(`?to=${encodeURIComponent(future)}&action=organization.updated`)).data,
    ).toHaveLength(2);

    const other = await signUp(app);
    const theirs = await read('', other.token);
    expect(theirs.data.every((e) => e.actor === `user:${other.userId}`)).toBe(true);
  });

  it('purges entries older than 90 days with the scheduled job', async () => {
    const insert = (daysAgo: number) =>
      app.runtime.database.query(sql`
        insert into identity.audit_log (org_id, id, occurred_at, actor, action, method, route, status, request_id)
        values (${owner.orgId}, ${uuidv7()}, now() - make_interval(days => ${daysAgo}), 'user:old', ${`old.${daysAgo}`},
                'POST', '/api/v1/x', 200, 'r')`);
    await insert(91);
    await insert(89);
    const job = purgeAuditLogJob(app.runtime);
    expect(identityModule.jobs).toBeTypeOf('function');
    await app.runtime.jobs.send(job, {});
    const remaining = await eventually(
      () =>
        app.runtime.database.query<{ action: string }>(
          sql`select action from identity.audit_log where actor = 'user:old'`,
        ),
      (rows) => rows.length === 1,
      20_000,
    );
    expect(remaining.map((r) => r.action)).toEqual(['old.89']);
  });
});

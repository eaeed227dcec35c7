import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json, type Page, type Problem } from './support/http.js';
import {
  createMemberAccount,
  lastCodeSentTo,
  logIn,
  signUp,
  testPassword,
  uniqueEmail,
} from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Member {
  user_id: string;
  role: string;
  email: string;
}

describe('organisations, members and invitations', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
  });
  afterAll(async () => app?.close());

  it('invites by email; a new person accepts with name and password and is signed in', async () => {
    const owner = await signUp(app);
    const email = uniqueEmail('newbie');
    const invited = await api('POST', '/api/v1/invitations', {
      token: owner.token,
      body: { email, role: 'marketer' },
    });
    expect(invited.status).toBe(201);
    const invitation = await json<{ id: string; email: string; role: string }>(invited);
    expect(invitation).toMatchObject({ email, role: 'marketer' });
    const pending = await json<Page<{ id: string }>>(
      await api('GET', '/api/v1/invitations', { token: owner.token }),
    );
    expect(pending.data.map((i) => i.id)).toEqual([invitation.id]);

    const code = lastCodeSentTo(app, email, /invited/);
    const incomplete = await api('POST', `/api/v1/invitations/${code}/accept`, { body: {} });
    expect(incomplete.status).toBe(400);
    expect((await json<Problem>(incomplete)).errors?.map((e) => e.field).sort()).toEqual([
      'body.name',
      'body.password',
    ]);
    const accepted = await api('POST', `/api/v1/invitations/${code}/accept`, {
      body: { name: 'New Marketer', password: testPassword },
    });
    expect(accepted.status).toBe(200);
    const joined = await json<{ access_token: string; organization_id: string; role: string }>(
      accepted,
    );
    expect(joined).toMatchObject({
      organization_id: owner.orgId,
      role: 'marketer',
      created_account: true,
    });
    const org = await api('GET', '/api/v1/organization', { token: joined.access_token });
    expect(await org.json()).toMatchObject({ id: owner.orgId });
    // Single use: a second accept finds nothing, and the invitation is no longer pending.
    const again = await api('POST', `/api/v1/invitations/${code}/accept`, {
      body: { name: 'Someone', password: testPassword },
    });
    expect(again.status).toBe(404);
    const after = await json<Page<{ id: string }>>(
      await api('GET', '/api/v1/invitations', { token: owner.token }),
    );
    expect(after.data).toEqual([]);
    // The new member can log in on their own.
    expect((await logIn(app, email, testPassword)).access_token).toBeTruthy();
  });

  it('lets an existing user accept while signed in, and only for their own email', async () => {
    const owner = await signUp(app);
    const other = await signUp(app);
    const stranger = await signUp(app);
    await api('POST', '/api/v1/invitations', {
      token: owner.token,
      body: { email: other.email, role: 'analyst' },
    });
    const code = lastCodeSentTo(app, other.email, /invited/);
    const anonymous = await api('POST', `/api/v1/invitations/${code}/accept`, {
      body: { name: 'X', password: testPassword },
    });
    expect(anonymous.status).toBe(409);
    const wrongUser = await api('POST', `/api/v1/invitations/${code}/accept`, {
      token: stranger.token,
    });
    expect(wrongUser.status).toBe(403);
    const accepted = await api('POST', `/api/v1/invitations/${code}/accept`, {
      token: other.token,
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({
      organization_id: owner.orgId,
      user_id: other.userId,
      role: 'analyst',
      created_account: false,
    });
    const tokens = await logIn(app, other.email, other.password, owner.orgId);
    const members = await json<Page<Member>>(
      await api('GET', '/api/v1/members', { token: tokens.access_token }),
    );
    expect(members.data.map((m) => m.role).sort()).toEqual(['analyst', 'owner']);
  });

  it('refuses a revoked or expired invitation', async () => {
    const owner = await signUp(app);
    const revokedEmail = uniqueEmail('revoked');
    const created = await json<{ id: string }>(
      await api('POST', '/api/v1/invitations', {
        token: owner.token,
        body: { email: revokedEmail, role: 'analyst' },
      }),
    );
    const revoke = await api('DELETE', `/api/v1/invitations/${created.id}`, { token: owner.token });
    expect(revoke.status).toBe(204);
    expect(
      (await api('DELETE', `/api/v1/invitations/${created.id}`, { token: owner.token })).status,
    ).toBe(404);
    const revokedCode = lastCodeSentTo(app, revokedEmail, /invited/);
    const revokedAccept = await api('POST', `/api/v1/invitations/${revokedCode}/accept`, {
      body: { name: 'R', password: testPassword },
    });
    expect(revokedAccept.status).toBe(404);

    const lateEmail = uniqueEmail('late');
    await api('POST', '/api/v1/invitations', {
      token: owner.token,
      body: { email: lateEmail, role: 'analyst' },
    });
    // Seven days pass.
    await app.runtime.database.query(
      sql`update identity.invitations set expires_at = now() - interval '1 second' where org_id = ${owner.orgId}`,
    );
    const lateAccept = await api(
      'POST',
      `/api/v1/invitations/${lastCodeSentTo(app, lateEmail, /invited/)}/accept`,
      { body: { name: 'L', password: testPassword } },
    );
    expect(lateAccept.status).toBe(404);
  });

  it('does not let an admin invite or appoint an owner', async () => {
    const owner = await signUp(app);
    const admin = await createMemberAccount(app, owner.token, 'admin');
    const marketer = await createMemberAccount(app, owner.token, 'marketer');
    const invite = await api('POST', '/api/v1/invitations', {
      token: admin.token,
      body: { email: uniqueEmail('x'), role: 'owner' },
    });
    expect(invite.status).toBe(403);
    const promote = await api('PATCH', `/api/v1/members/${marketer.userId}`, {
      token: admin.token,
      body: { role: 'owner' },
    });
    expect(promote.status).toBe(403);
    const demoteOwner = await api('PATCH', `/api/v1/members/${owner.userId}`, {
      token: admin.token,
      body: { role: 'analyst' },
    });
    expect(demoteOwner.status).toBe(403);
    const removeOwner = await api('DELETE', `/api/v1/members/${owner.userId}`, {
      token: admin.token,
    });
    expect(removeOwner.status).toBe(403);
    // An admin may change other non-owner roles.
    const demote = await api('PATCH', `/api/v1/members/${marketer.userId}`, {
      token: admin.token,
      body: { role: 'analyst' },
    });
    expect(demote.status).toBe(200);
    expect(await demote.json()).toMatchObject({ role: 'analyst' });
  });

  it('keeps the last owner: no demotion, removal or leaving (409)', async () => {
    const owner = await signUp(app);
    const demote = await api('PATCH', `/api/v1/members/${owner.userId}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
    expect((await json<Problem>(demote)).detail).toMatch(/last owner cannot be demoted/);
    const leave = await api('DELETE', `/api/v1/members/${owner.userId}`, { token: owner.token });
    expect(leave.status).toBe(409);
    expect((await json<Problem>(leave)).detail).toMatch(/last owner cannot leave/);

    // With a second owner, the first may step down.
    const second = await createMemberAccount(app, owner.token, 'owner');
    const stepDown = await api('PATCH', `/api/v1/members/${owner.userId}`, {
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(stepDown.status).toBe(200);
    const secondLeaves = await api('DELETE', `/api/v1/members/${second.userId}`, {
      token: second.token,
    });
    expect(secondLeaves.status).toBe(409);
  });

  it('lets two owners not demote each other at the same time into no owner at all', async () => {
    const owner = await signUp(app);
    const second = await createMemberAccount(app, owner.token, 'owner');
    const results = await Promise.all([
      api('PATCH', `/api/v1/members/${second.userId}`, {
        token: owner.token,
        body: { role: 'admin' },
      }),
      api('PATCH', `/api/v1/members/${owner.userId}`, {
        token: second.token,
        body: { role: 'admin' },
      }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // One wins; the other either sees it and is refused (409), or its token lost owner (403).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const rows = await app.runtime.database.query<{ n: number }>(
      sql`select count(*)::int as n from identity.memberships where org_id = ${owner.orgId} and role = 'owner'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('applies a role change and a removal on the very next request', async () => {
    const owner = await signUp(app);
    const admin = await createMemberAccount(app, owner.token, 'admin');
    const canInvite = () =>
      api('GET', '/api/v1/invitations', { token: admin.token }).then((r) => r.status);
    expect(await canInvite()).toBe(200);
    const changed = await api('PATCH', `/api/v1/members/${admin.userId}`, {
      token: owner.token,
      body: { role: 'analyst' },
    });
    expect(changed.status).toBe(200);
    expect(await canInvite()).toBe(403);
    const stillReads = await api('GET', '/api/v1/organization', { token: admin.token });
    expect(stillReads.status).toBe(200);
    const removed = await api('DELETE', `/api/v1/members/${admin.userId}`, { token: owner.token });
    expect(removed.status).toBe(204);
    const after = await api('GET', '/api/v1/organization', { token: admin.token });
    expect(after.status).toBe(401);
    expect(
      (await api('DELETE', `/api/v1/members/${admin.userId}`, { token: owner.token })).status,
    ).toBe(404);
  });

  it("pages members and answers 404 for another organisation's member", async () => {
    const owner = await signUp(app);
    for (const role of ['admin', 'marketer', 'analyst'])
      await createMemberAccount(app, owner.token, role);
    const first = await json<Page<Member>>(
      await api('GET', '/api/v1/members?limit=2', { token: owner.token }),
    );
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await json<Page<Member>>(
      await api('GET', `/api/v1/members?limit=2&cursor=${first.next_cursor}`, {
        token: owner.token,
      }),
    );
    expect(second.data).toHaveLength(2);
    expect(second.has_more).toBe(false);
    const ids = new Set([...first.data, ...second.data].map((m) => m.user_id));
    expect(ids.size).toBe(4);

    const foreign = await signUp(app);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { role: 'analyst' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await api(method, `/api/v1/members/${foreign.userId}`, {
        token: owner.token,
        ...(body ? { body } : {}),
      });
      expect(response.status).toBe(404);
    }
    const foreignStill = await logIn(app, foreign.email, foreign.password);
    expect(foreignStill.access_token).toBeTruthy();
  });

  it('renames the organisation (org:manage) and shows the role matrix', async () => {
    const owner = await signUp(app);
    const renamed = await api('PATCH', '/api/v1/organization', {
      token: owner.token,
      body: { name: 'Renamed Agency' },
    });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: 'Renamed Agency' });
    const matrix = await json<{ data: { role: string; permissions: string[] }[] }>(
      await api('GET', '/api/v1/roles', { token: owner.token }),
    );
    expect(matrix.data.map((r) => r.role)).toEqual([
      'owner',
      'admin',
      'marketer',
      'sales_agent',
      'analyst',
    ]);
    const analyst = matrix.data.find((r) => r.role === 'analyst');
    expect(analyst?.permissions.every((p) => p.endsWith(':read'))).toBe(true);
  });
});

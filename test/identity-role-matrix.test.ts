import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json } from './support/http.js';
import { createMemberAccount, signUp, uniqueEmail, type SignedUp } from './support/identity.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const allRoles = ['owner', 'admin', 'marketer', 'sales_agent', 'analyst'] as const;
type Role = (typeof allRoles)[number];
const everyone: readonly Role[] = allRoles;
const managers: readonly Role[] = ['owner', 'admin'];

interface Fixture {
  /** A member the route may act on (one for all calls). */
  memberId(): Promise<string>;
  /** A new member for each call, for routes that remove one. */
  freshMemberId(): Promise<string>;
  invitationId(): Promise<string>;
  apiClientId(): Promise<string>;
}

interface RouteCase {
  route: string;
  allowed: readonly Role[];
  request(fixture: Fixture): Promise<{ method: string; path: string; body?: unknown }>;
}

/** Every identity route behind a permission, and who may call it (least privilege). */
const routes: RouteCase[] = [
  {
    route: 'GET /organization',
    allowed: everyone,
    request: async () => ({ method: 'GET', path: '/api/v1/organization' }),
  },
  {
    route: 'PATCH /organization',
    allowed: managers,
    request: async () => ({
      method: 'PATCH',
      path: '/api/v1/organization',
      body: { name: 'Matrix Agency' },
    }),
  },
  {
    route: 'PATCH /organization (locale and time zone)',
    allowed: managers,
    request: async () => ({
      method: 'PATCH',
      path: '/api/v1/organization',
      // English still: the fixture's invitations are read by their English subject.
      body: { locale: 'en-GB', time_zone: 'Europe/London' },
    }),
  },
  {
    route: 'GET /me',
    allowed: everyone,
    request: async () => ({ method: 'GET', path: '/api/v1/me' }),
  },
  {
    route: 'PATCH /me',
    allowed: everyone,
    request: async () => ({ method: 'PATCH', path: '/api/v1/me', body: { locale: 'es' } }),
  },
  {
    route: 'GET /roles',
    allowed: everyone,
    request: async () => ({ method: 'GET', path: '/api/v1/roles' }),
  },
  {
    route: 'GET /members',
    allowed: everyone,
    request: async () => ({ method: 'GET', path: '/api/v1/members' }),
  },
  {
    route: 'GET /members/{userId}',
    allowed: everyone,
    request: async (f) => ({ method: 'GET', path: `/api/v1/members/${await f.memberId()}` }),
  },
  {
    route: 'PATCH /members/{userId}',
    allowed: managers,
    request: async (f) => ({
      method: 'PATCH',
      path: `/api/v1/members/${await f.memberId()}`,
      body: { role: 'analyst' },
    }),
  },
  {
    route: 'DELETE /members/{userId}',
    allowed: managers,
    request: async (f) => ({
      method: 'DELETE',
      path: `/api/v1/members/${await f.freshMemberId()}`,
    }),
  },
  {
    route: 'GET /invitations',
    allowed: managers,
    request: async () => ({ method: 'GET', path: '/api/v1/invitations' }),
  },
  {
    route: 'POST /invitations',
    allowed: managers,
    request: async () => ({
      method: 'POST',
      path: '/api/v1/invitations',
      body: { email: uniqueEmail('matrix'), role: 'analyst' },
    }),
  },
  {
    route: 'DELETE /invitations/{id}',
    allowed: managers,
    request: async (f) => ({
      method: 'DELETE',
      path: `/api/v1/invitations/${await f.invitationId()}`,
    }),
  },
  {
    route: 'GET /api-clients',
    allowed: managers,
    request: async () => ({ method: 'GET', path: '/api/v1/api-clients' }),
  },
  {
    route: 'POST /api-clients',
    allowed: managers,
    request: async () => ({
      method: 'POST',
      path: '/api/v1/api-clients',
      body: { name: 'matrix', scopes: ['crm:read'] },
    }),
  },
  {
    route: 'DELETE /api-clients/{id}',
    allowed: managers,
    request: async (f) => ({
      method: 'DELETE',
      path: `/api/v1/api-clients/${await f.apiClientId()}`,
    }),
  },
  {
    route: 'POST /api-clients/{id}/rotate-secret',
    allowed: managers,
    request: async (f) => ({
      method: 'POST',
      path: `/api/v1/api-clients/${await f.apiClientId()}/rotate-secret`,
    }),
  },
  {
    route: 'GET /audit-log',
    allowed: managers,
    request: async () => ({ method: 'GET', path: '/api/v1/audit-log' }),
  },
  {
    route: 'POST /auth/verify-email/request',
    allowed: everyone,
    request: async () => ({ method: 'POST', path: '/api/v1/auth/verify-email/request' }),
  },
];

describe('role matrix, route by route', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let owner: SignedUp;
  const tokens = new Map<Role, string>();
  let fixture: Fixture;

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    owner = await signUp(app);
    tokens.set('owner', owner.token);
    for (const role of allRoles.filter((r) => r !== 'owner')) {
      tokens.set(role, (await createMemberAccount(app, owner.token, role)).token);
    }
    const created = async (method: string, path: string, body: unknown) => {
      const response = await api(method, path, { token: owner.token, body });
      expect(response.status).toBe(201);
      return (await json<{ id: string }>(response)).id;
    };
    const target = (await createMemberAccount(app, owner.token, 'sales_agent')).userId;
    fixture = {
      memberId: async () => target,
      freshMemberId: async () =>
        (await createMemberAccount(app, owner.token, 'sales_agent')).userId,
      invitationId: () =>
        created('POST', '/api/v1/invitations', { email: uniqueEmail('fixture'), role: 'analyst' }),
      apiClientId: () =>
        created('POST', '/api/v1/api-clients', { name: 'fixture', scopes: ['crm:read'] }),
    };
  }, 120_000);
  afterAll(async () => app?.close());

  const cases = routes.flatMap((route) =>
    allRoles.map((role) => ({
      ...route,
      role,
      expected: route.allowed.includes(role) ? 'allow' : 'deny',
    })),
  );

  it.each(cases)('$route as $role: $expected', async ({ role, expected, request }) => {
    const { method, path, body } = await request(fixture);
    const response = await api(method, path, {
      token: tokens.get(role),
      ...(body ? { body } : {}),
    });
    if (expected === 'allow') {
      expect(response.status, await response.clone().text()).toBeLessThan(300);
    } else {
      expect(response.status).toBe(403);
      expect((await json<{ code: string }>(response)).code).toBe('forbidden');
    }
  });

  it('refuses every route without a token', async () => {
    for (const route of routes) {
      const { method, path, body } = await route.request(fixture);
      const response = await api(method, path, body ? { body } : {});
      expect(response.status, route.route).toBe(401);
    }
  });
});

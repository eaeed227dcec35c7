import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, json } from './support/http.js';
import { createMemberAccount } from './support/identity.js';
import {
  bodyNaming,
  idsFor,
  referenceFields,
  withOwnReferences,
} from './support/body-references.js';
import { sample, type OpenApiDocument } from './support/openapi.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The generic tenant-isolation proof. It reads the OpenAPI document at run time, so every route
 * any module adds later is covered without touching this file:
 *  1. organisation A and organisation B sign up and each creates what it can;
 *  2. A's ids are collected from every list endpoint (GET routes without path parameters);
 *  3. every route with a path parameter is called with B's token and A's ids, every method:
 *     none may succeed or echo A's data (404, or 403/405; a 400/422 only where the body itself
 *     was refused);
 *  4. B's lists never contain A's ids, and after all of B's attempts A's data is intact;
 *  5. every request-body field that names another row (`campaign_id`, `asset_ids`…) is sent by B
 *     with A's id of that kind: each answers 400 naming the field, and nothing is written.
 */

const idKey = /(^id$|_id$|Id$)/;
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in a list response: `data[].id` and every other `*_id` field, by key. */
function collectIds(body: unknown, into: Map<string, Set<string>>, collection: string) {
  const data = (body as { data?: unknown[] } | null)?.data;
  if (!Array.isArray(data)) return;
  for (const item of data) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, value] of Object.entries(item)) {
      // Rows listed inside their parent (a pipeline's `stages`) count as `stage_id`s.
      if (Array.isArray(value) && key.endsWith('s')) {
        const nested = value.flatMap((child: { id?: unknown }) =>
          typeof child?.id === 'string' ? [child.id] : [],
        );
        if (nested.length > 0) {
          const bucket = `${key.slice(0, -1)}_id`;
          into.set(bucket, new Set([...(into.get(bucket) ?? []), ...nested]));
        }
      }
      if (typeof value !== 'string' || !idKey.test(key)) continue;
      const bucket = key === 'id' ? `${collection}#id` : key;
      const set = into.get(bucket) ?? new Set<string>();
      set.add(value);
      into.set(bucket, set);
    }
  }
}

/** Bodies the schema-derived sample cannot guess (a refinement, a pattern), merged over it. */
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const baseBodies: Record<string, Record<string, unknown>> = {
  'POST /api/v1/contacts': { email: 'probe@isolation.example' },
  'POST /api/v1/leads': { email: 'probe@isolation.example' },
  'POST /api/v1/deals': { currency: 'USD' },
  // A checkout completes at once with the simulated gateway: the plan of the trial, so every
  // module's quota stays open for the walk.
  'POST /api/v1/billing/checkout-sessions': { plan_id: 'promptsales-enterprise', seats: 1_000 },
  'POST /api/v1/campaigns': {
    countries: ['CR'],
    budget: { amount_minor: 1_000_000, currency: 'USD' },
  },
  'POST /api/v1/campaign-requests': {
    objective: 'leads',
    audiences: [{ name: 'Commuters', countries: ['CR'], ageMin: 22, ageMax: 40, interests: [] }],
    channels: ['facebook'],
    budget: { amount: 2_000_000, currency: 'USD' },
    startsAt: inDays(1),
    endsAt: inDays(20),
  },
};

/**
 * Routes whose tenant is not the caller's: a conversion names its organisation and is signed
 * with that organisation's secret (tested in ads-campaigns.test.ts).
 */
const otherTenancy = new Set(['/api/v1/conversions']);

/** Creating and walking everything twice takes minutes on a busy two-core machine. */
const walkTimeoutMs = 300_000;

const strategyBody = {
  name: 'Isolation strategy',
  client_company: 'Isolation S.A.',
  products: ['Cold brew'],
  messages: ['Cold brew in 24 hours'],
  audiences: [{ name: 'Commuters', countries: ['CR'], ageMin: 22, ageMax: 40, interests: [] }],
  intent: 'sales',
  countries: ['CR'],
  channels: ['facebook'],
  budget: { amount: 2_000_000, currency: 'USD' },
  starts_at: inDays(3),
  ends_at: inDays(33),
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const password = 'Correct-horse-battery-42';
const methodsWithBody = new Set(['post', 'put', 'patch']);

describe('tenant isolation across every route of the OpenAPI document', () => {
  let app: TestApp;
  let api: ReturnType<typeof apiClient>;
  let document: OpenApiDocument;
  let aBefore: Map<string, Set<string>>;
  interface Org {
    token: string;
    orgId: string;
    userId: string;
    email: string;
  }
  let orgs: Record<'a' | 'b', Org>;

  async function signUp(label: 'a' | 'b'): Promise<Org> {
    const email = `owner-${label}@isolation-${label}.example`;
    const response = await api('POST', '/api/v1/auth/signup', {
      body: {
        organization: `Isolation ${label.toUpperCase()}`,
        name: `Owner ${label}`,
        email,
        password,
      },
    });
    expect(response.status).toBe(201);
    const body = await json<{ access_token: string; organization_id: string; user_id: string }>(
      response,
    );
    return {
      token: body.access_token,
      orgId: body.organization_id,
      userId: body.user_id,
      email,
    };
  }

  /**
   * Every POST without path parameters, with a sample body: whatever each module lets us create.
   * Later rounds name what earlier ones created (an ad set names its campaign, an ad its ad set).
   */
  async function createEverything(label: 'a' | 'b') {
    const created = new Set<string>();
    let own = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      if (round > 0) own = await listIds(label);
      for (const [path, operations] of Object.entries(document.paths)) {
        const post = operations.post;
        if (
          !post ||
          created.has(path) ||
          path.includes('{') ||
          !path.startsWith('/api/v1/') ||
          path.startsWith('/api/v1/auth/')
        )
          continue;
        const schema = post.requestBody?.content?.['application/json']?.schema;
        const fields = referenceFields(schema);
        // Later rounds only retry what names rows that may exist by now.
        if (round > 0 && fields.length === 0) continue;
        const base = { ...(sample(schema) as object), ...baseBodies[`POST ${path}`] };
        const body = withOwnReferences(base, fields, own);
        const response = await api('POST', path, { token: orgs[label].token, body: body ?? {} });
        await response.body?.cancel();
        if (response.ok) created.add(path);
      }
    }
  }

  async function listIds(label: 'a' | 'b'): Promise<Map<string, Set<string>>> {
    const ids = new Map<string, Set<string>>();
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!operations.get || path.includes('{') || !path.startsWith('/api/v1/')) continue;
      const response = await api('GET', path, { token: orgs[label].token });
      if (response.status !== 200) continue;
      // An event stream without an id in its path (the caller's own notifications) never ends.
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        await response.body?.cancel();
        continue;
      }
      const text = await response.text();
      try {
        collectIds(JSON.parse(text), ids, path);
      } catch {
        // Not JSON (e.g. CSV or a file): nothing to collect.
      }
    }
    return ids;
  }

  beforeAll(async () => {
    app = await startTestApp();
    api = apiClient(app.url);
    document = await json<OpenApiDocument>(await fetch(`${app.url}/api/openapi.json`));
    orgs = { a: await signUp('a'), b: await signUp('b') };
    // Known identity resources, so the probe has something to aim at whatever the samples do.
    for (const label of ['a', 'b'] as const) {
      const token = orgs[label].token;
      await api('POST', '/api/v1/invitations', {
        token,
        body: { email: `invitee-${label}@isolation.example`, role: 'marketer' },
      });
      await api('POST', '/api/v1/api-clients', {
        token,
        body: { name: `svc-${label}`, scopes: ['crm:read'] },
      });
      await api('POST', '/api/v1/strategies', { token, body: strategyBody });
      await createMemberAccount(app, token, 'marketer');
      await createEverything(label);
    }
    aBefore = await listIds('a');
  }, walkTimeoutMs);
  afterAll(async () => app?.close());

  it(
    "answers B's token on A's ids with 404 (never 2xx, never A's data), for every route and method",
    async () => {
      const aIds = await listIds('a');
      const allAIds = new Set([...aIds.values()].flatMap((set) => [...set]));
      allAIds.add(orgs.a.orgId);
      allAIds.add(orgs.a.userId);
      expect(allAIds.size).toBeGreaterThan(3);

      const probed: { route: string; status: number }[] = [];
      const addressedByNoId: string[] = [];
      const leaks: string[] = [];
      const parameterised = Object.entries(document.paths).filter(
        ([path]) => path.startsWith('/api/v1/') && path.includes('{'),
      );
      expect(parameterised.length).toBeGreaterThan(0);

      for (const [path, operations] of parameterised) {
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
        const collection = path.slice(0, path.indexOf('/{'));
        for (const [method, operation] of Object.entries(operations)) {
          if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
          // A parameter that is not an id (a vendor's name) takes a valid value of its own; a
          // route addressed by no id at all (a vendor's OAuth callback) has nothing to probe.
          const enums = new Map(
            (operation.parameters ?? [])
              .filter((p) => p.in === 'path' && p.schema?.enum !== undefined)
              .map((p) => [p.name, String(sample(p.schema))]),
          );
          if (names.every((name) => enums.has(name))) {
            addressedByNoId.push(`${method.toUpperCase()} ${path}`);
            continue;
          }
          // Candidates for the (last) id: ids of the route's own collection, ids under a key named
          // like the parameter, then A's organisation and user.
          const last = names.at(-1) ?? 'id';
          const candidates = new Set<string>([
            ...(aIds.get(`${collection}#id`) ?? []),
            ...(aIds.get(snake(last)) ?? []),
            ...(aIds.get(last) ?? []),
            orgs.a.userId,
            orgs.a.orgId,
          ]);
          for (const id of [...candidates].slice(0, 8)) {
            // Earlier parameters (parent resources) take the same id: a foreign parent must not
            // resolve either.
            const url = names.reduce(
              (acc, name) => acc.replace(`{${name}}`, enums.get(name) ?? id),
              path,
            );
            const schema = operation.requestBody?.content?.['application/json']?.schema;
            const response = await api(method.toUpperCase(), url, {
              token: orgs.b.token,
              ...(methodsWithBody.has(method) ? { body: sample(schema) ?? {} } : {}),
            });
            const text = await response.text();
            probed.push({ route: `${method.toUpperCase()} ${path}`, status: response.status });
            const allowed =
              [403, 404, 405].includes(response.status) ||
              (methodsWithBody.has(method) && [400, 422].includes(response.status));
            if (!allowed) leaks.push(`${method.toUpperCase()} ${url} answered ${response.status}`);
            for (const other of allAIds) {
              if (other !== id && text.includes(other)) {
                leaks.push(`${method.toUpperCase()} ${url} returned A's id ${other}`);
              }
            }
            if (text.includes(orgs.a.email))
              leaks.push(`${method.toUpperCase()} ${url} returned A's email`);
          }
        }
      }
      expect(leaks).toEqual([]);
      // Every parameterised route was probed, and mostly reached the tenant check (404).
      const routes = new Set(probed.map((p) => p.route));
      const expected = parameterised.flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect([...routes, ...addressedByNoId].sort()).toEqual([...new Set(expected)].sort());
      expect(addressedByNoId.sort()).toEqual([
        'GET /api/v1/ads/connections/{provider}/callback',
        'GET /api/v1/integrations/{provider}/sync-runs',
        'POST /api/v1/assets/export/{exporter}',
        'POST /api/v1/integrations/{provider}/sync',
      ]);
      expect(probed.filter((p) => p.status === 404).length).toBeGreaterThan(probed.length / 2);
    },
    walkTimeoutMs,
  );

  it(
    'A can read its own resources at the same routes (so the 404s above are about tenancy)',
    async () => {
      const aIds = await listIds('a');
      let checked = 0;
      for (const [path, operations] of Object.entries(document.paths)) {
        if (!operations.get || !path.startsWith('/api/v1/') || !/\{\w+\}$/.test(path)) continue;
        if (path.split('{').length > 2) continue;
        const collection = path.slice(0, path.indexOf('/{'));
        const name = /\{(\w+)\}$/.exec(path)?.[1] ?? 'id';
        const id = [...(aIds.get(`${collection}#id`) ?? aIds.get(snake(name)) ?? [])][0];
        if (!id) continue;
        const own = await api('GET', path.replace(`{${name}}`, id), { token: orgs.a.token });
        expect(own.status, `GET ${path} as the owner`).toBe(200);
        const foreign = await api('GET', path.replace(`{${name}}`, id), { token: orgs.b.token });
        expect(foreign.status, `GET ${path} as another organisation`).toBe(404);
        checked += 1;
      }
      expect(checked).toBeGreaterThan(0);
    },
    walkTimeoutMs,
  );

  it(
    "never lists A's resources to B, and A's data survived B's attempts",
    async () => {
      const aIds = await listIds('a');
      const bIds = await listIds('b');
      const aAll = new Set([...aIds.values()].flatMap((set) => [...set]));
      const bAll = [...bIds.values()].flatMap((set) => [...set]).filter((id) => uuidLike.test(id));
      expect(bAll.filter((id) => aAll.has(id))).toEqual([]);
      for (const collection of ['/api/v1/api-clients#id', '/api/v1/invitations#id']) {
        const before = [...(aBefore.get(collection) ?? [])];
        expect(before.length, collection).toBeGreaterThan(0);
        expect([...(aIds.get(collection) ?? [])].sort(), collection).toEqual(before.sort());
      }
      expect(aIds.get('user_id')?.has(orgs.a.userId)).toBe(true);
      // A's owner still works (B could not remove or demote them).
      const me = await api('GET', `/api/v1/members/${orgs.a.userId}`, { token: orgs.a.token });
      expect(me.status).toBe(200);
      expect((await json<{ role: string }>(me)).role).toBe('owner');
    },
    walkTimeoutMs,
  );

  it(
    "refuses A's ids named in B's request bodies with a 400 naming the field",
    async () => {
      const aIds = await listIds('a');
      const bIds = await listIds('b');
      const accepted: string[] = [];
      const unreached: string[] = [];
      let checked = 0;
      for (const [path, operations] of Object.entries(document.paths)) {
        if (!path.startsWith('/api/v1/') || path.startsWith('/api/v1/auth/')) continue;
        if (otherTenancy.has(path)) continue;
        for (const method of ['post', 'put', 'patch'] as const) {
          const schema = operations[method]?.requestBody?.content?.['application/json']?.schema;
          const fields = referenceFields(schema);
          if (fields.length === 0) continue;
          // The addressed resource is B's own, so only the body's reference can be refused.
          // A parameter that is not an id (an exporter's name) takes a valid value of its own.
          const parameters = operations[method]?.parameters?.filter((p) => p.in === 'path') ?? [];
          const ids = parameters.filter((p) => p.schema?.enum === undefined);
          const collection = path.includes('{') ? path.slice(0, path.indexOf('/{')) : path;
          const own = [...(bIds.get(`${collection}#id`) ?? [])][0];
          if (ids.length > 0 && !own) {
            unreached.push(`${method.toUpperCase()} ${path}: B has no resource to address`);
            continue;
          }
          const url = parameters.reduce(
            (acc, p) =>
              acc.replace(`{${p.name}}`, ids.includes(p) ? (own ?? '') : String(sample(p.schema))),
            path,
          );
          for (const field of fields) {
            const route = `${method.toUpperCase()} ${path} ${field.path.join('.')}`;
            const foreign = idsFor(aIds, field.name)[0];
            if (!foreign) {
              unreached.push(`${route}: A has no ${field.name} to aim at B's request`);
              continue;
            }
            const base = {
              ...(sample(schema) as object),
              ...baseBodies[`${method.toUpperCase()} ${path}`],
            };
            const response = await api(method.toUpperCase(), url, {
              token: orgs.b.token,
              body: bodyNaming(base, fields, bIds, field, foreign),
            });
            const text = await response.text();
            const expected = `body.${field.path.join('.')}`;
            const named = response.status === 400 && text.includes(`"field":"${expected}"`);
            if (!named)
              accepted.push(`${route} answered ${response.status}: ${text.slice(0, 300)}`);
            checked += 1;
          }
        }
      }
      expect({ accepted, unreached }).toEqual({ accepted: [], unreached: [] });
      expect(checked).toBeGreaterThan(20);
    },
    walkTimeoutMs,
  );
  it("refuses A's strategyId in B's portal_submit_campaign_request over MCP", async () => {
    const strategyOf = async (label: 'a' | 'b') => {
      // The walk already saved strategyBody's name, and names are unique per organisation.
      const created = await api('POST', '/api/v1/strategies', {
        token: orgs[label].token,
        body: { ...strategyBody, name: 'Isolation strategy for MCP' },
      });
      expect(created.status).toBe(201);
      return (await json<{ id: string }>(created)).id;
    };
    const [aStrategy, bStrategy] = [await strategyOf('a'), await strategyOf('b')];
    const client = new Client({ name: 'isolation-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${orgs.b.token}` } },
      }),
    );
    try {
      const submit = async (strategyId: string) =>
        (await client.callTool({
          name: 'portal_submit_campaign_request',
          arguments: {
            name: 'Isolation request',
            objective: 'leads',
            product: 'Cold brew',
            messages: ['Cold brew in 24 hours'],
            audiences: [
              { name: 'Commuters', countries: ['CR'], ageMin: 22, ageMax: 40, interests: [] },
            ],
            channels: ['facebook'],
            budget: { amount: 2_000_000, currency: 'USD' },
            startsAt: inDays(1),
            endsAt: inDays(20),
            strategyId,
          },
        })) as CallToolResult;
      // B's own strategy is accepted, so the refusal below is about A's id and nothing else.
      expect((await submit(bStrategy)).isError).toBeFalsy();
      const foreign = await submit(aStrategy);
      expect(foreign.isError).toBe(true);
      expect(JSON.stringify(foreign.content)).toContain('strategyId');
    } finally {
      await client.close();
    }
  });
});

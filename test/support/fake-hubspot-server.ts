import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of HubSpot's API the CRM sync uses, in its
 * documented shapes: bearer private-app tokens, one portal (account) per token,
 * `GET /account-info/v3/details`, and the CRM v3 contacts object's `batch/upsert` (by `email`,
 * at most 100 inputs), `search` (a `lastmodifieddate` GT filter in epoch milliseconds, ascending
 * sort, `limit` ≤ 100, `after` paging with `paging.next.after`, no further than 10,000 results)
 * and `gdpr-delete`. Errors are HubSpot's `{status: "error", message, correlationId, category}`:
 * 401 `INVALID_AUTHENTICATION`, 429 `RATE_LIMITS` with `policyName` (when scripted, and without
 * Retry-After, as HubSpot sends it), 400 `VALIDATION_ERROR` for read-only or unknown values.
 */

export interface FakeHubSpotContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
}

export interface FakePortal {
  portalId: number;
  token: string;
  contacts: Map<string, FakeHubSpotContact>;
  byEmail(email: string): FakeHubSpotContact | undefined;
  /** A change made in HubSpot itself (the UI or another integration): a new modification time. */
  edit(email: string, properties: Record<string, string>): FakeHubSpotContact;
  add(properties: Record<string, string>): FakeHubSpotContact;
}

export interface FakeHubSpotServer {
  url: string;
  portal(token: string, portalId: number, currency?: string): FakePortal;
  /** Rotates the private app's token in HubSpot: the old one answers 401, the new one is returned. */
  rotate(token: string): string;
  /** The next `count` API calls answer 429 (the ten-secondly rolling limit). */
  throttle(count: number): void;
  requests: { method: string; path: string; status: number; portalId: number | undefined }[];
  close(): Promise<void>;
}

const readOnly = new Set([
  'hubspotscore',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
  'hs_object_id',
  'createdate',
  'lastmodifieddate',
]);
const lifecycleStages = new Set([
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
]);

export async function startFakeHubSpotServer(): Promise<FakeHubSpotServer> {
  const portals = new Map<string, ReturnType<typeof makePortal>>();
  const revoked = new Set<string>();
  const requests: FakeHubSpotServer['requests'] = [];
  let throttled = 0;
  let nextId = 51;
  let lastStamp = 0;
  // Strictly increasing modification times, as HubSpot's are per change.
  const stamp = () => {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };

  function makePortal(token: string, portalId: number, currency: string) {
    const contacts = new Map<string, FakeHubSpotContact>();
    const byEmail = (email: string) =>
      [...contacts.values()].find((c) => c.properties.email === email.toLowerCase());
    const write = (contact: FakeHubSpotContact, properties: Record<string, string>) => {
      const changed = Object.entries(properties).some(([k, v]) => contact.properties[k] !== v);
      if (!changed) return false;
      const now = stamp();
      Object.assign(contact.properties, properties, { lastmodifieddate: now });
      contact.updatedAt = now;
      return true;
    };
    const add = (properties: Record<string, string>) => {
      const now = stamp();
      const id = String(nextId++);
      const contact: FakeHubSpotContact = {
        id,
        properties: {
          ...properties,
          email: properties.email?.toLowerCase() ?? null,
          hs_object_id: id,
          createdate: now,
          lastmodifieddate: now,
        },
        createdAt: now,
        updatedAt: now,
      };
      contacts.set(id, contact);
      return contact;
    };
    const portal = {
      portalId,
      token,
      currency,
      contacts,
      byEmail,
      add,
      edit(email: string, properties: Record<string, string>) {
        const contact = byEmail(email);
        if (!contact) throw new Error(`no HubSpot contact ${email}`);
        write(contact, properties);
        return contact;
      },
      write,
    };
    return portal;
  }

  const view = (contact: FakeHubSpotContact, properties?: readonly string[]) => ({
    id: contact.id,
    properties: Object.fromEntries(
      (properties ?? Object.keys(contact.properties))
        .concat(['hs_object_id', 'createdate', 'lastmodifieddate'])
        .map((name) => [name, contact.properties[name] ?? null]),
    ),
    createdAt: contact.createdAt,
    updatedAt: contact.updatedAt,
    archived: false,
  });

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const portal = revoked.has(token) ? undefined : portals.get(token);
      const send = (status: number, body?: unknown) => {
        requests.push({ method, path, status, portalId: portal?.portalId });
        if (body === undefined) {
          response.writeHead(status);
          return response.end();
        }
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        response.end(JSON.stringify(body));
      };
      const error = (status: number, category: string, message: string, extra = {}) =>
        send(status, { status: 'error', message, correlationId: randomUUID(), category, ...extra });

      if (!portal)
        return error(
          401,
          'INVALID_AUTHENTICATION',
          'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        );
      if (throttled > 0) {
        throttled -= 1;
        return error(429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', {
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
        });
      }
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;

      if (method === 'GET' && path === '/account-info/v3/details')
        return send(200, {
          portalId: portal.portalId,
          accountType: 'STANDARD',
          timeZone: 'America/Costa_Rica',
          companyCurrency: portal.currency,
          additionalCurrencies: [],
          utcOffset: '-06:00',
          utcOffsetMilliseconds: -21_600_000,
          uiDomain: 'app.hubspot.com',
          dataHostingLocation: 'na1',
        });

      if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/upsert') {
        const inputs = body.inputs as {
          idProperty: string;
          id: string;
          properties: Record<string, string>;
        }[];
        if (inputs.length > 100)
          return error(400, 'VALIDATION_ERROR', 'Batch input size must be at most 100');
        for (const input of inputs) {
          const bad = Object.keys(input.properties).find((name) => readOnly.has(name));
          if (input.idProperty !== 'email' || bad)
            return error(
              400,
              'VALIDATION_ERROR',
              `Property values were not valid: ${bad} READ_ONLY_VALUE`,
            );
          const stage = input.properties.lifecyclestage;
          if (stage !== undefined && !lifecycleStages.has(stage))
            return error(400, 'VALIDATION_ERROR', `${stage} was not one of the allowed options`);
        }
        const startedAt = new Date().toISOString();
        const results = inputs.map((input) => {
          const existing = portal.byEmail(input.id);
          if (existing) {
            portal.write(existing, input.properties);
            return { ...view(existing), new: false };
          }
          return { ...view(portal.add({ ...input.properties, email: input.id })), new: true };
        });
        return send(200, {
          status: 'COMPLETE',
          results,
          startedAt,
          completedAt: new Date().toISOString(),
        });
      }

      if (method === 'POST' && path === '/crm/v3/objects/contacts/search') {
        const limit = Number(body.limit ?? 10);
        const after = Number(body.after ?? 0);
        if (limit > 100) return error(400, 'VALIDATION_ERROR', 'limit must be at most 100');
        if (after + limit > 10_000)
          return error(400, 'VALIDATION_ERROR', 'Search results are limited to 10,000');
        const groups = (body.filterGroups ?? []) as {
          filters: { propertyName: string; operator: string; value: string }[];
        }[];
        const filters = groups.flatMap((group) => group.filters);
        const matches = [...portal.contacts.values()]
          .filter((contact) =>
            filters.every((filter) => {
              const value = Date.parse(contact.properties[filter.propertyName] ?? '');
              return filter.operator === 'GT' && value > Number(filter.value);
            }),
          )
          .sort(
            (a, b) =>
              Date.parse(a.properties.lastmodifieddate!) -
                Date.parse(b.properties.lastmodifieddate!) || Number(a.id) - Number(b.id),
          );
        const page = matches.slice(after, after + limit);
        return send(200, {
          total: matches.length,
          results: page.map((contact) => view(contact, body.properties as string[])),
          ...(after + limit < matches.length
            ? { paging: { next: { after: String(after + limit), link: '' } } }
            : {}),
        });
      }

      if (method === 'POST' && path === '/crm/v3/objects/contacts/gdpr-delete') {
        const contact =
          body.idProperty === 'email'
            ? portal.byEmail(String(body.objectId))
            : portal.contacts.get(String(body.objectId));
        if (!contact) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
        portal.contacts.delete(contact.id);
        return send(204);
      }
      return error(404, 'OBJECT_NOT_FOUND', `No route ${method} ${path}`);
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    portal(token, portalId, currency = 'USD') {
      const portal = makePortal(token, portalId, currency);
      portals.set(token, portal);
      return portal;
    },
    rotate(token) {
      const fresh = privateAppToken();
      portals.set(fresh, portals.get(token)!);
      revoked.add(token);
      return fresh;
    },
    throttle: (count) => (throttled = count),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A token shaped like HubSpot's private-app access tokens. */
export function privateAppToken(): string {
  return `pat-na1-${randomBytes(16).toString('hex')}`;
}

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on loopback speaking the parts of Salesforce's REST API the lead sync uses,
 * in its documented shapes: bearer access tokens, one org per token, OpenID Connect
 * `GET /services/oauth2/userinfo` (a bad token: 403 `Bad_OAuth_Token`), SOQL over
 * `GET /services/data/v60.0/query?q=` (SELECT … FROM Lead with `Email IN (…)`, `Email = …` or
 * `LastModifiedDate >= …`, ORDER BY LastModifiedDate, Id; pages of the `Sforce-Query-Options`
 * batchSize, at least 200, answered as `{totalSize, done, nextRecordsUrl, records: [{attributes:
 * {type, url}, Id, …}]}`), Composite sObject Collections `POST`/`PATCH /composite/sobjects` (at
 * most 200 records, `allOrNone`, per-record `[{id, success, errors: [{statusCode, message,
 * fields}]}]`; LastName and Company required, Status a restricted picklist) and
 * `DELETE /sobjects/Lead/{id}`. Errors are Salesforce's arrays `[{message, errorCode}]`: 401
 * `INVALID_SESSION_ID`, 403 `REQUEST_LIMIT_EXCEEDED` and 503 when scripted. Modification times are
 * whole seconds, as Salesforce's are.
 */

export type FakeLead = Record<string, string | null> & { Id: string; LastModifiedDate: string };

export interface FakeSalesforceOrg {
  organizationId: string;
  leads: Map<string, FakeLead>;
  byEmail(email: string): FakeLead | undefined;
  /** A change made in Salesforce itself: a new modification time. */
  edit(email: string, fields: Record<string, string>): FakeLead;
  add(fields: Record<string, string>): FakeLead;
}

export interface FakeSalesforceServer {
  url: string;
  org(token: string, organizationId: string): FakeSalesforceOrg;
  /** The session ends (expired or revoked): the old token answers 401; a new one is returned. */
  expire(token: string): string;
  /** The next `count` API calls answer 403 REQUEST_LIMIT_EXCEEDED. */
  exceedLimit(count: number): void;
  requests: {
    method: string;
    path: string;
    query: string | undefined;
    status: number;
    organizationId: string | undefined;
  }[];
  close(): Promise<void>;
}

export const salesforceToken = () =>
  `00D${randomBytes(6).toString('hex')}!${randomBytes(24).toString('base64url')}`;

const version = '/services/data/v60.0';
const leadFields = new Set([
  'Id',
  'FirstName',
  'LastName',
  'Email',
  'Phone',
  'Company',
  'City',
  'Country',
  'LeadSource',
  'Rating',
  'Status',
  'LastModifiedDate',
]);
const writable = new Set([...leadFields].filter((f) => f !== 'Id' && f !== 'LastModifiedDate'));
const statuses = new Set([
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
]);

type Entry = { message: string; errorCode: string; fields?: string[] };
class Refusal {
  constructor(
    readonly status: number,
    readonly body: Entry[] | string,
  ) {}
}

export async function startFakeSalesforceServer(): Promise<FakeSalesforceServer> {
  const orgs = new Map<string, FakeSalesforceOrg>();
  const requests: FakeSalesforceServer['requests'] = [];
  const cursors = new Map<string, { records: FakeLead[]; fields: string[]; total: number }>();
  let limited = 0;
  let nextId = 1;
  let nextCursor = 1;
  let lastStamp = 0;
  // Whole seconds, as Salesforce writes them: `2026-12-07T23:00:01.000+0000`.
  const stamp = () => {
    lastStamp = Math.max(Math.floor(Date.now() / 1000) * 1000, lastStamp);
    return new Date(lastStamp).toISOString().replace('Z', '+0000');
  };
  const leadId = () => `00Q5g00000${String(nextId++).padStart(5, '0')}AAA`;

  function makeOrg(organizationId: string): FakeSalesforceOrg {
    const leads = new Map<string, FakeLead>();
    const byEmail = (email: string) =>
      [...leads.values()].find((l) => l.Email?.toLowerCase() === email.toLowerCase());
    return {
      organizationId,
      leads,
      byEmail,
      edit(email, fields) {
        const lead = byEmail(email);
        if (!lead) throw new Error(`no Lead ${email}`);
        Object.assign(lead, fields, { LastModifiedDate: stamp() });
        return lead;
      },
      add(fields) {
        const lead: FakeLead = { ...fields, Id: leadId(), LastModifiedDate: stamp() };
        leads.set(lead.Id, lead);
        return lead;
      },
    };
  }

  const recordOf = (lead: FakeLead, fields: string[]) => ({
    attributes: { type: 'Lead', url: `${version}/sobjects/Lead/${lead.Id}` },
    ...Object.fromEntries(fields.map((f) => [f, lead[f] ?? null])),
  });

  function pageOf(id: string, batchSize: number) {
    const cursor = cursors.get(id)!;
    const records = cursor.records.splice(0, batchSize);
    const done = cursor.records.length === 0;
    if (done) cursors.delete(id);
    return {
      totalSize: cursor.total,
      done,
      ...(done ? {} : { nextRecordsUrl: `${version}/query/${id}` }),
      records: records.map((lead) => recordOf(lead, cursor.fields)),
    };
  }

  /** The SOQL the sync sends, parsed as far as it uses it; anything else is MALFORMED_QUERY. */
  function runQuery(org: FakeSalesforceOrg, soql: string, batchSize: number) {
    const match =
      /^SELECT (.+?) FROM Lead(?: WHERE (.+?))?(?: ORDER BY LastModifiedDate, Id)?$/.exec(soql);
    if (!match) throw new Refusal(400, [{ message: soql, errorCode: 'MALFORMED_QUERY' }]);
    const fields = match[1]!.split(',').map((f) => f.trim());
    const unknown = fields.find((f) => !leadFields.has(f));
    if (unknown)
      throw new Refusal(400, [
        { message: `No such column '${unknown}'`, errorCode: 'INVALID_FIELD' },
      ]);
    let records = [...org.leads.values()];
    const where = match[2];
    if (where) {
      const inList = /^Email IN \((.+)\)$/.exec(where);
      const equals = /^Email = ('.*')$/.exec(where);
      const since = /^LastModifiedDate >= (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)$/.exec(where);
      if (inList || equals) {
        const literals = [...(inList?.[1] ?? equals![1]!).matchAll(/'((?:[^'\\]|\\.)*)'/g)].map(
          (m) => m[1]!.replace(/\\(.)/g, '$1').toLowerCase(),
        );
        records = records.filter((l) => literals.includes(l.Email?.toLowerCase() ?? ''));
      } else if (since) {
        const at = Date.parse(since[1]!);
        records = records.filter((l) => Date.parse(l.LastModifiedDate.replace('+0000', 'Z')) >= at);
      } else throw new Refusal(400, [{ message: where, errorCode: 'MALFORMED_QUERY' }]);
    }
    records.sort((a, b) =>
      a.LastModifiedDate === b.LastModifiedDate
        ? a.Id.localeCompare(b.Id)
        : a.LastModifiedDate.localeCompare(b.LastModifiedDate),
    );
    const id = `01g5g0000${String(nextCursor++).padStart(6, '0')}-2000`;
    cursors.set(id, { records: records.map((l) => ({ ...l })), fields, total: records.length });
    return pageOf(id, batchSize);
  }

  function save(org: FakeSalesforceOrg, method: string, body: unknown) {
    const { records, allOrNone } = body as {
      records: Record<string, unknown>[];
      allOrNone?: boolean;
    };
    if (!Array.isArray(records) || records.length > 200)
      throw new Refusal(400, [{ message: 'at most 200 records', errorCode: 'EXCEEDED_ID_LIMIT' }]);
    if (allOrNone !== false)
      throw new Refusal(400, [
        { message: 'the sync sends allOrNone: false', errorCode: 'INVALID_INPUT' },
      ]);
    return records.map((record) => {
      const { attributes, id, ...fields } = record as {
        attributes?: { type?: string };
        id?: string;
      } & Record<string, string>;
      const fail = (statusCode: string, message: string, on: string[] = []) => ({
        id: id ?? null,
        success: false,
        errors: [{ statusCode, message, fields: on }],
      });
      if (attributes?.type !== 'Lead') return fail('INVALID_TYPE', 'attributes.type must be Lead');
      const bad = Object.keys(fields).find((f) => !writable.has(f));
      if (bad)
        return fail('INVALID_FIELD', `No such column '${bad}' on sobject of type Lead`, [bad]);
      if (fields.Status && !statuses.has(fields.Status))
        return fail(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `bad value for restricted picklist field: ${fields.Status}`,
          ['Status'],
        );
      if (method === 'POST') {
        const missing = ['LastName', 'Company'].filter((f) => !fields[f]);
        if (missing.length > 0)
          return fail(
            'REQUIRED_FIELD_MISSING',
            `Required fields are missing: [${missing.join(', ')}]`,
            missing,
          );
        const lead = org.add(fields);
        return { id: lead.Id, success: true, errors: [] };
      }
      const lead = id ? org.leads.get(id) : undefined;
      if (!lead) return fail('ENTITY_IS_DELETED', 'entity is deleted', []);
      Object.assign(lead, fields, { LastModifiedDate: stamp() });
      return { id: lead.Id, success: true, errors: [] };
    });
  }

  function handle(request: http.IncomingMessage, raw: string, token: string | undefined) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const org = token ? orgs.get(token) : undefined;
    if (url.pathname === '/services/oauth2/userinfo') {
      if (!org) throw new Refusal(403, 'Bad_OAuth_Token');
      return {
        status: 200,
        org,
        body: {
          sub: `https://login.salesforce.com/id/${org.organizationId}/0055g00000AbCdE`,
          user_id: '0055g00000AbCdEAAA',
          organization_id: org.organizationId,
          preferred_username: 'admin@example.test',
        },
      };
    }
    if (!url.pathname.startsWith(version))
      throw new Refusal(404, [
        { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
      ]);
    if (!org)
      throw new Refusal(401, [
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    if (limited > 0) {
      limited -= 1;
      throw new Refusal(403, [
        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
      ]);
    }
    const options = /batchSize=(\d+)/.exec(String(request.headers['sforce-query-options'] ?? ''));
    const batchSize = Math.max(200, Math.min(2000, Number(options?.[1] ?? 2000)));
    const path = url.pathname.slice(version.length);
    if (request.method === 'GET' && path === '/query')
      return { status: 200, org, body: runQuery(org, url.searchParams.get('q') ?? '', batchSize) };
    const more = /^\/query\/(.+)$/.exec(path);
    if (request.method === 'GET' && more && cursors.has(more[1]!))
      return { status: 200, org, body: pageOf(more[1]!, batchSize) };
    if (path === '/composite/sobjects' && (request.method === 'POST' || request.method === 'PATCH'))
      return { status: 200, org, body: save(org, request.method, JSON.parse(raw) as unknown) };
    const lead = /^\/sobjects\/Lead\/(\w+)$/.exec(path);
    if (request.method === 'DELETE' && lead) {
      if (!org.leads.delete(lead[1]!))
        throw new Refusal(404, [
          { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
        ]);
      return { status: 204, org, body: undefined };
    }
    throw new Refusal(404, [
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  }

  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      let status: number;
      let body: unknown;
      try {
        const answer = handle(request, raw, token);
        status = answer.status;
        body = answer.body;
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        status = error.status;
        body = error.body;
      }
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams.get('q') ?? undefined,
        status,
        organizationId: token ? orgs.get(token)?.organizationId : undefined,
      });
      if (body === undefined) response.writeHead(status).end();
      else if (typeof body === 'string')
        response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      else
        response
          .writeHead(status, { 'content-type': 'application/json;charset=UTF-8' })
          .end(JSON.stringify(body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    org(token, organizationId) {
      const org = makeOrg(organizationId);
      orgs.set(token, org);
      return org;
    },
    expire(token) {
      const org = orgs.get(token);
      if (!org) throw new Error('unknown token');
      orgs.delete(token);
      const fresh = salesforceToken();
      orgs.set(fresh, org);
      return fresh;
    },
    exceedLimit(count) {
      limited = count;
    },
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
